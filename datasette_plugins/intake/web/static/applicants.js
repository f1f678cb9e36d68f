// Search as you type: the results fragment is fetched after a short pause in typing; the
// summary line (role=status) is the one thing announced per change. Without JavaScript the
// form works as a plain GET form.
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  var results = document.getElementById("results");
  if (!form || !results || !window.fetch) return;
  var timer = null, latest = 0;
  function run() {
    var params = new URLSearchParams(new FormData(form));
    var url = form.action + "?" + params.toString();
    var mine = ++latest;
    params.set("fragment", "1");
    fetch(form.action + "?" + params.toString(), {credentials: "same-origin"})
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) {
        if (mine !== latest) return;  // an older answer arriving late
        results.innerHTML = html;     // server-rendered and escaped (Jinja autoescape)
        var found = results.querySelector("[data-summary]");
        var summary = document.getElementById("results-summary");
        if (summary && found) summary.textContent = found.getAttribute("data-summary");
        history.replaceState(null, "", url);
      })
      .catch(function () {
        if (mine !== latest) return;
        var p = document.getElementById("results-summary");
        if (p) p.textContent = "查找失败，请按“查找”按钮重试";
      });
  }
  function soon() { clearTimeout(timer); timer = setTimeout(run, 200); }
  form.addEventListener("input", soon);
  form.addEventListener("change", run);
  form.addEventListener("submit", function (e) { e.preventDefault(); clearTimeout(timer); run(); });
})();
