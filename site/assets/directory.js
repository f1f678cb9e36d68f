/* Office directory (/directory/): search-as-you-type over the table and a district select that
 * shows the matching office card. Progressive enhancement: the controls are shown only when the
 * page runs scripts (html.js, set in the theme's head); without them the plain table and the
 * list of district links work as they are. */
(function () {
  "use strict";
  var table = document.querySelector(".office-table");
  if (!table) return;
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var total = rows.length;

  /* Full-width letters, digits and brackets as plain ones, no spaces, lower case. */
  function normalise(text) {
    return text.normalize("NFKC").replace(/\s+/g, "").toLowerCase();
  }

  var PHONE_LIKE = /^[\d\s+\-()（）－—]+$/;

  /* A row's phone in every way people write it, as digits: the local number, with the area code
   * (0…), with the country code (86…); all from the row's tel: link. */
  function phoneForms(row) {
    var link = row.querySelector('a[href^="tel:"]');
    if (!link) return [];
    var international = link.getAttribute("href").replace(/\D/g, "");
    var national = "0" + international.replace(/^86/, "");
    return [international, national, link.textContent.replace(/\D/g, "")];
  }

  /* Worked out on the first search, not while the page loads (the first normalize() call of a
   * page is costly on a phone, and pages that only show the finder never search). */
  var haystacks = null;
  function haystack(i) {
    if (!haystacks) {
      haystacks = rows.map(function (row) {
        return { text: normalise(row.textContent), phones: phoneForms(row) };
      });
    }
    return haystacks[i];
  }

  function matchesTerm(haystack, term) {
    if (haystack.text.indexOf(normalise(term)) !== -1) return true;
    var digits = term.normalize("NFKC").replace(/\D/g, "");
    if (!digits || !PHONE_LIKE.test(term.normalize("NFKC"))) return false;
    return haystack.phones.some(function (phone) { return phone.indexOf(digits) !== -1; });
  }

  /* A phone number however written (010-12345678, +86 10 1234 5678, （010）12345678) is one
   * term; otherwise every word of the query must match. */
  function matches(haystack, query) {
    var plain = query.normalize("NFKC").trim();
    if (!plain) return true;
    var terms = PHONE_LIKE.test(plain) ? [plain] : plain.split(/\s+/);
    return terms.every(function (term) { return matchesTerm(haystack, term); });
  }

  /* Search box */
  var filter = document.querySelector(".directory-filter");
  var input = document.getElementById("directory-search");
  var count = document.querySelector(".directory-count");
  var empty = document.querySelector(".directory-empty");
  if (filter && input) {
    input.addEventListener("input", function () {
      var query = input.value;
      var shown = 0;
      rows.forEach(function (row, i) {
        var match = matches(haystack(i), query);
        row.hidden = !match;
        if (match) shown += 1;
      });
      count.textContent = query.trim()
        ? "找到 " + shown + " 个受理部门（共 " + total + " 个）"
        : "共 " + total + " 个受理部门";
      empty.hidden = shown !== 0;
    });
  }

  /* "Which office takes my papers?" */
  var finder = document.querySelector(".finder-select");
  var select = document.getElementById("finder-district");
  var result = document.querySelector(".finder-result");
  if (!finder || !select) return;

  function field(label, node) {
    var dt = document.createElement("dt");
    dt.textContent = label;
    var dd = document.createElement("dd");
    dd.appendChild(node);
    return [dt, dd];
  }

  function officeCard(row) {
    var cells = row.cells;
    var card = document.createElement("div");
    card.className = "office-card";
    var title = document.createElement("h3");
    title.textContent = cells[1].textContent;
    var list = document.createElement("dl");
    field("区、县（市）", document.createTextNode(cells[0].textContent))
      .concat(field("电话", cells[2].firstElementChild.cloneNode(true)))
      .concat(field("地址", document.createTextNode(cells[3].textContent)))
      .forEach(function (node) { list.appendChild(node); });
    card.appendChild(title);
    card.appendChild(list);
    return card;
  }

  function committeeCard() {
    var source = document.getElementById("committee");
    var card = document.createElement("div");
    card.className = "office-card";
    var title = document.createElement("h3");
    title.textContent = "市直部门 → 高评委办公室";
    card.appendChild(title);
    Array.prototype.forEach.call(source.querySelectorAll("p, dl"), function (node) {
      card.appendChild(node.cloneNode(true));
    });
    return card;
  }

  select.addEventListener("change", function () {
    result.textContent = "";
    var value = select.value;
    if (!value) return;
    if (value === "committee") {
      result.appendChild(committeeCard());
    } else {
      var row = document.getElementById(value);
      if (row) result.appendChild(officeCard(row));
    }
  });
})();
