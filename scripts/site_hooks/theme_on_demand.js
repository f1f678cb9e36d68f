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
 * - <html data-theme-script="loading|ready|failed"> says where it is.
 * - A page busy with work of its own that the script would slow down (the self-check starting its
 *   Python runtime, seconds of work on a phone's few cores) says so while it lasts:
 *   <html data-theme-wait="EVENT">, removed before EVENT is sent to the document. Meanwhile a
 *   first move on the page's own content (a tap on the form, a scroll) does not load the script:
 *   it loads when EVENT comes, once the browser is idle (or 30 s later at most). A move on the
 *   theme's own controls (header, tabs, navigation, search, footer) or one of its shortcut keys
 *   loads it at once, as on any page. The page sets the attribute in the same event as the move
 *   that starts its work, so the decision waits for the event's other listeners. */
(function () {
  "use strict";
  var BUNDLE = __BUNDLE__;
  var TRIGGERS = ["pointerdown", "pointermove", "touchstart", "keydown", "focusin", "wheel", "scroll"];
  var SHORTCUTS = ["/", "s", "S", "f", "F", "n", "N", ".", "p", "P", ","];
  var THEME = ".md-header, .md-tabs, .md-sidebar, .md-search, .md-footer, .md-top, .md-dialog";
  var LATEST_MS = 30000; // a page that never says it is done still gets the script
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

  function shortcut(event) {
    return event.type === "keydown" && SHORTCUTS.indexOf(event.key) !== -1 &&
      !event.ctrlKey && !event.metaKey && !event.altKey && !editable(event.target);
  }

  function forTheme(event) {
    if (event.type === "keydown") return shortcut(event);
    var target = event.target;
    return Boolean(target && target.closest && target.closest(THEME));
  }

  var deferred = false;

  /* A first move while the page is busy: the script loads once the page says it is done. */
  function later(name) {
    if (deferred) return;
    deferred = true;
    var go = function () {
      if (window.requestIdleCallback) window.requestIdleCallback(function () { load(); }, { timeout: 2000 });
      else load();
    };
    document.addEventListener(name, go, { once: true });
    setTimeout(load, LATEST_MS);
  }

  function decide(event) {
    if (started) return;
    var wait = html.getAttribute("data-theme-wait");
    if (wait && !forTheme(event)) later(wait);
    else load(event);
  }

  function moved(event) {
    setTimeout(function () { decide(event); }, 0); // after the event's other listeners
  }

  function load(event) {
    if (started) return;
    started = true;
    TRIGGERS.forEach(function (type) { window.removeEventListener(type, moved, options); });
    if (event && shortcut(event)) replay = event.key;
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
  else TRIGGERS.forEach(function (type) { window.addEventListener(type, moved, options); });
})();
