/* Registers the site's service worker (sw.js at the site root) so every page keeps working
 * offline after the first visit, then, once the page is loaded and idle, has it keep the
 * self-check's runtime too, so that the self-check works offline after a visit to any page.
 *
 * - On the self-check page registration waits until the Python runtime has booted: installing
 *   the offline copy meanwhile takes CPU from the boot (main.js fires "selfcheck:settled").
 * - When the browser asks to save data (Save-Data, navigator.connection.saveData) the runtime is
 *   not downloaded in the background; if it was not kept before the page opened (the self-check
 *   page downloads it itself), the page's #site-runtime-note (the self-check page has one) says
 *   what the self-check needs.
 * - The outcome is on <html data-runtime-offline="ready|save-data|failed|unsupported"> and in a
 *   "site:runtime-offline" event on document (detail: the same word). */
(function () {
  "use strict";
  var html = document.documentElement;

  function settle(state) {
    html.setAttribute("data-runtime-offline", state);
    var note = document.getElementById("site-runtime-note");
    if (note) note.hidden = state !== "save-data";
    document.dispatchEvent(new CustomEvent("site:runtime-offline", { detail: state }));
  }

  if (!("serviceWorker" in navigator) || !window.MessageChannel) {
    settle("unsupported");
    return;
  }
  var script = document.currentScript;
  var root = new URL("../", script.src);
  var runtime = document.getElementById("sc-runtime");

  function ask(worker, message) {
    return new Promise(function (resolve) {
      var channel = new MessageChannel();
      channel.port1.onmessage = function (event) { resolve(event.data); };
      worker.postMessage(message, [channel.port2]);
    });
  }

  function whenIdle(callback) {
    if (window.requestIdleCallback) window.requestIdleCallback(callback, { timeout: 5000 });
    else setTimeout(callback, 1000);
  }

  function saveData() {
    return Boolean(navigator.connection && navigator.connection.saveData);
  }

  /* In the background, once the page is idle: every runtime file the worker does not keep yet. */
  function keepRuntime(registration) {
    var worker = registration.active;
    if (!worker) return settle("failed");
    ask(worker, { type: "cache-runtime" }).then(function (reply) {
      settle(reply.ok ? "ready" : "failed");
    });
  }

  /* Save-Data: download nothing; say so unless the runtime was kept before this page opened
   * (asked in the page's <head>: theme/partials/runtime-kept-script.html). */
  function reportWithoutDownloading() {
    var asked = window.siteRuntimeKept;
    if (!asked) return settle("save-data");
    asked.then(function (kept) { settle(kept ? "ready" : "save-data"); });
  }

  function register() {
    navigator.serviceWorker.register(new URL("sw.js", root).href, { scope: root.href })
      .then(function () { return navigator.serviceWorker.ready; })
      .then(function (registration) {
        if (!saveData()) whenIdle(function () { keepRuntime(registration); });
      })
      .catch(function () { settle("failed"); /* the site still works online */ });
  }

  if (saveData()) reportWithoutDownloading();
  window.addEventListener("load", function () {
    var settled = !runtime || runtime.dataset.state === "ready" || runtime.dataset.state === "error";
    if (settled) register();
    else document.addEventListener("selfcheck:settled", register, { once: true });
  });
})();
