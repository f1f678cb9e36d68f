/* Registers the site's service worker (sw.js at the site root) so every page keeps working
 * offline after the first visit. Loaded on every page via extra_javascript. */
(function () {
  "use strict";
  if (!("serviceWorker" in navigator)) return;
  var script = document.currentScript;
  var root = new URL("../", script.src);
  window.addEventListener("load", function () {
    navigator.serviceWorker.register(new URL("sw.js", root).href, { scope: root.href })
      .catch(function () { /* no offline copy in this browser; the site still works online */ });
  });
})();
