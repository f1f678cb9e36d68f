/* Material's script (its bundle: search, header and table-of-contents behaviour, keyboard
 * shortcuts, tooltips) loads when the visitor first does something with the page, not while it
 * loads: a page is read at once and a phone does not spend its first second running a script
 * nobody has used yet. Everything else works without it (text, links, the navigation drawer,
 * the site's own scripts). theme_on_demand.py puts this script in place of the bundle's tag.
 *
 * - First pointer, touch, key, focus, wheel or scroll: the bundle is added to the page. It waits
 *   for DOMContentLoaded, which has passed by then, so that event is sent again once it ran.
 * - Opened from a search result (?h=, the words to highlight) or a search link (?q=): at once.
 * - The key that loaded it, if it is one of Material's shortcuts (/ s f: search, n p: next and
 *   previous page), is pressed again for it once it runs.
 * - Until it runs, the search button still focuses the search box, and printing opens every
 *   collapsed section (Material does both).
 * - <html data-theme-script="loading|ready|failed"> says where it is. */
(function () {
  "use strict";
  var BUNDLE = __BUNDLE__;
  var TRIGGERS = ["pointerdown", "pointermove", "touchstart", "keydown", "focusin", "wheel", "scroll"];
  var SHORTCUTS = ["/", "s", "S", "f", "F", "n", "N", ".", "p", "P", ","];
  var html = document.documentElement;
  var options = { capture: true, passive: true };
  var parsed = document.readyState !== "loading";
  var started = false;
  var replay = null;

  if (!parsed) {
    document.addEventListener("DOMContentLoaded", function () { parsed = true; }, { once: true });
  }

  function editable(element) {
    return element && (element.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(element.tagName));
  }

  function load(event) {
    if (started) return;
    started = true;
    TRIGGERS.forEach(function (type) { window.removeEventListener(type, load, options); });
    if (event && event.type === "keydown" && SHORTCUTS.indexOf(event.key) !== -1 &&
        !event.ctrlKey && !event.metaKey && !event.altKey && !editable(event.target)) {
      replay = event.key;
    }
    html.setAttribute("data-theme-script", "loading");
    var script = document.createElement("script");
    script.src = BUNDLE;
    script.onload = function () {
      if (parsed) document.dispatchEvent(new Event("DOMContentLoaded"));
      html.setAttribute("data-theme-script", "ready");
      if (replay) window.dispatchEvent(new KeyboardEvent("keydown", { key: replay, bubbles: true }));
    };
    script.onerror = function () { html.setAttribute("data-theme-script", "failed"); };
    document.body.appendChild(script);
  }

  function waiting() {
    return html.getAttribute("data-theme-script") !== "ready";
  }

  var toggle = document.getElementById("__search");
  var box = document.querySelector("input.md-search__input");
  if (toggle && box) {
    toggle.addEventListener("change", function () {
      if (toggle.checked && waiting()) box.focus();
    });
  }

  var opened = [];
  window.addEventListener("beforeprint", function () {
    if (!waiting()) return;
    opened = Array.prototype.filter.call(document.querySelectorAll("details:not([open])"), function (d) {
      d.open = true;
      return true;
    });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
  });

  if (/[?&][qh]=/.test(location.search)) load();
  else TRIGGERS.forEach(function (type) { window.addEventListener(type, load, options); });
})();
