/* Registers the site's service worker (sw.js at the site root) so every page keeps working
 * offline after the first visit. Loaded on every page via extra_javascript. On the self-check
 * page it waits until the Python runtime has booted: installing the offline copy meanwhile
 * takes CPU from the boot (main.js fires "selfcheck:settled"; the page then keeps the runtime
 * offline too, see assets/selfcheck/offline.js). */
(function () {
  "use strict";
  if (!("serviceWorker" in navigator)) return;
  var script = document.currentScript;
  var root = new URL("../", script.src);
  var runtime = document.getElementById("sc-runtime");

  function register() {
    navigator.serviceWorker.register(new URL("sw.js", root).href, { scope: root.href })
      .catch(function () { /* no offline copy in this browser; the site still works online */ });
  }

  window.addEventListener("load", function () {
    var settled = !runtime || runtime.dataset.state === "ready" || runtime.dataset.state === "error";
    if (settled) register();
    else document.addEventListener("selfcheck:settled", register, { once: true });
  });
})();
