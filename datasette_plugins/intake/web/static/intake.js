// The intake page: live checks of 附件4 二 as the clerk types, keyboard entry, rows to add and
// remove. The rules (身份证号, copy counts, names) come from /-/intake/rules.js, generated from
// the register's one definition of each rule.
//
// What a screen-reader user hears: each field's check is linked to it by aria-describedby (read
// when the field is focused), and one polite summary (#live-summary) is updated when a field is
// left or changed, never on each keystroke. Messages appear only after a field was touched or a
// save was tried.
(function () {
  "use strict";
  var rules = window.IntakeRules;
  var form = document.getElementById("intake-form");
  if (!rules || !form) return;
  var P = rules.data.paper, L = rules.data.labels, F = rules.data.routeForms;
  var list = document.getElementById("rows");
  var summary = document.getElementById("live-summary");
  var template = document.getElementById("row-template");
  var tried = form.getAttribute("data-tried") === "1";
  var touched = {};
  var lastSummary = "";
  // Messages the server gave after a refused save stay until their field is edited.
  var fromServer = {};
  Array.prototype.forEach.call(form.querySelectorAll("[aria-invalid=true]"), function (el) {
    var msg = document.getElementById(el.id + "-msg");
    fromServer[el.id] = msg ? msg.textContent : "";
  });
  var ICON = {missing: "✗ ", extra: "＋ ", ok: "✓ ", bad: "✗ "};

  function rows() { return Array.prototype.slice.call(list.querySelectorAll("li.person")); }
  function byClass(li, name) { return li.querySelector("." + name); }
  function blank(li) {  // the same test as the server's: an empty row kept open for typing
    return ["name", "idn", "review", "exc"].every(function (c) { var el = byClass(li, c); return !el || !rules.trim(el.value); });
  }
  function visible(input) { return tried || touched[input.id]; }

  // One field's own message (format, range); returns the message or "".
  function setMessage(input, message) {
    if (!message && fromServer[input.id]) return fromServer[input.id];
    var el = document.getElementById(input.id + "-msg");
    var show = message && visible(input);
    if (el) el.textContent = show ? ICON.bad + message : "";
    if (show) input.setAttribute("aria-invalid", "true");
    else if (!message || !tried) input.removeAttribute("aria-invalid");
    return message;
  }
  function copies(input, field, expected, label, where, out) {
    var result = rules.copies(field, input.value);
    if (setMessage(input, result.message || "")) {
      out.push({kind: "missing", text: where + result.message});
      return null;
    }
    if (result.value < expected) {
      return {kind: "missing", text: where + "缺" + label + (expected - result.value) + "份"};
    }
    if (result.value > expected) {
      return {kind: "extra", text: where + label + "多" + (result.value - expected) + "份"};
    }
    return null;
  }
  function showCheck(el, flags, shown) {
    el.textContent = "";
    if (!shown) return;
    if (!flags.length) {
      el.className = "msg row-flag check-ok";
      el.textContent = ICON.ok + "齐全";
      return;
    }
    el.className = "msg row-flag";
    flags.forEach(function (f) {
      var span = document.createElement("span");
      span.className = f.kind === "extra" ? "check-extra" : "check-missing";
      span.textContent = ICON[f.kind] + f.text + " ";
      el.appendChild(span);
    });
  }

  function check() {
    var all = [];
    [["mandate_copies", "mandate"], ["roster_copies", "roster"]].forEach(function (c) {
      var input = document.getElementById(c[0]);
      var flag = copies(input, c[0], P[c[1]], L[c[1]], "", all);
      if (flag) all.push(flag);
      showCheck(document.getElementById(c[0] + "-check"), flag ? [flag] : [], visible(input) && !input.getAttribute("aria-invalid"));
    });
    ["unit", "courier", "note"].forEach(function (id) {
      var input = document.getElementById(id);
      var field = id === "unit" ? "unit_name" : id;
      var message = rules.data.texts[field] ? rules.textMessage(field, input.value) : "";
      if (setMessage(input, message)) all.push({kind: "missing", text: message});
    });
    var people = 0;
    rows().forEach(function (li) {
      var n = li.getAttribute("data-row");
      var cell = document.getElementById("a" + n + "-check");
      var inputs = li.querySelectorAll("input:not([type=hidden]), select");
      if (blank(li)) {
        cell.textContent = "";
        Array.prototype.forEach.call(inputs, function (i) { setMessage(i, ""); });
        return;
      }
      people += 1;
      var where = "第" + n + "人：";
      var flags = [];
      var name = byClass(li, "name"), idn = byClass(li, "idn");
      var m = setMessage(name, rules.textMessage("name", name.value));
      if (m) all.push({kind: "missing", text: where + m});
      m = setMessage(idn, rules.idMessage(idn.value));
      if (m) all.push({kind: "missing", text: where + m});
      var flag = copies(byClass(li, "review"), "review_form_copies", P.review_form, L.review_form, "", all);
      if (flag) flags.push(flag);
      var form = F[byClass(li, "route").value], extra = byClass(li, "exc");  // the route's own form
      if (extra) {
        flag = copies(extra, "exceptional_form_copies", form ? form.copies : 0, form ? form.label : rules.data.routeFormLabel, "", all);
        if (flag) flags.push(flag);
      }
      var shown = tried || Array.prototype.some.call(inputs, function (i) { return touched[i.id]; });
      showCheck(cell, flags, shown);
      flags.forEach(function (x) { all.push({kind: x.kind, text: where + x.text}); });
    });
    return {people: people, all: all};
  }

  var edited = tried;  // nothing is summarised aloud before the clerk has typed something
  function announce() {
    var result = check();
    if (!edited) return;
    var missing = result.all.filter(function (x) { return x.kind === "missing"; });
    var extra = result.all.filter(function (x) { return x.kind === "extra"; });
    var head = "申报人 " + result.people + " 人；" +
      (missing.length ? "缺少或有误 " + missing.length + " 项" : "材料齐全") +
      (extra.length ? "；多交 " + extra.length + " 项" : "");
    var text = head + "|" + result.all.map(function (x) { return x.text; }).join("|");
    if (text === lastSummary) return;
    lastSummary = text;
    summary.textContent = "";
    var p = document.createElement("p");
    p.id = "live-verdict";
    p.className = missing.length ? "check-missing" : "check-ok";
    p.textContent = (missing.length ? ICON.missing : ICON.ok) + head;
    summary.appendChild(p);
    if (result.all.length) {
      var ul = document.createElement("ul");
      result.all.forEach(function (x) {
        var li = document.createElement("li");
        li.className = x.kind === "extra" ? "check-extra" : "check-missing";
        li.textContent = ICON[x.kind] + x.text;
        ul.appendChild(li);
      });
      summary.appendChild(ul);
    }
  }

  // Row numbers, ids and labels follow the order on screen (the server reports problems by row).
  function renumber() {
    rows().forEach(function (li, index) {
      var old = li.getAttribute("data-row"), n = String(index + 1);
      li.setAttribute("data-row", n);
      Array.prototype.forEach.call(li.querySelectorAll(".n"), function (el) { el.textContent = n; });
      Array.prototype.forEach.call(li.querySelectorAll("[id],[for],[aria-describedby]"), function (el) {
        ["id", "for", "aria-describedby"].forEach(function (attr) {
          var value = el.getAttribute(attr);
          if (value) el.setAttribute(attr, value.split("a" + old + "-").join("a" + n + "-"));
        });
      });
      var pos = byClass(li, "pos");
      if (!rules.trim(pos.value) || pos.value === old) pos.value = n;
    });
  }
  function addRow() {
    var html = template.innerHTML.split("__N__").join(String(rows().length + 1));
    var holder = document.createElement("ol");
    holder.innerHTML = html;
    var li = holder.firstElementChild;
    list.appendChild(li);
    renumber();
    return li;
  }
  function focusables() {
    return Array.prototype.slice.call(form.querySelectorAll(
      "input:not([type=hidden]):not([readonly]):not(.pos):not([type=checkbox]), select"));
  }

  list.addEventListener("click", function (e) {
    var button = e.target.closest("button.remove");
    if (!button) return;
    var li = button.closest("li.person");
    var next = li.nextElementSibling || li.previousElementSibling;
    li.remove();
    if (!rows().length) next = addRow();
    renumber();
    announce();
    (next ? byClass(next, "name") : document.getElementById("add-row")).focus();
  });
  document.getElementById("add-row").addEventListener("click", function () {
    byClass(addRow(), "name").focus();
    announce();
  });
  form.addEventListener("input", function (e) {
    delete fromServer[e.target.id];
    edited = true;
    check();
  });
  form.addEventListener("change", function (e) {
    if (e.target.id) touched[e.target.id] = true;
    edited = true;
    announce();
  });
  form.addEventListener("focusout", function (e) {
    if (e.target.id && e.target.value !== undefined && rules.trim(e.target.value) !== "") touched[e.target.id] = true;
    announce();
  });
  form.addEventListener("submit", function () { tried = true; });
  form.addEventListener("keydown", function (e) {
    if (e.key !== "Enter" || e.target.tagName === "BUTTON" || e.target.tagName === "TEXTAREA" || e.target.type === "checkbox") return;
    e.preventDefault();
    if (e.ctrlKey || e.metaKey) {
      tried = true;
      if (form.requestSubmit) form.requestSubmit(); else form.submit();
      return;
    }
    if (e.target.id) touched[e.target.id] = true;
    var li = e.target.closest("li.person");
    if (li) {
      var next = li.nextElementSibling || addRow();
      byClass(next, "name").focus();
      announce();
      return;
    }
    var all = focusables();
    var i = all.indexOf(e.target);
    if (i >= 0 && i + 1 < all.length) all[i + 1].focus();
    announce();
  });
  if (!rows().length || !blank(rows()[rows().length - 1])) addRow();
  if (tried) announce(); else check();
})();
