/* Keep the Python runtime for offline use. On a first visit the worker starts before the site's
 * service worker controls the page, so its downloads bypass the service worker; once the page is
 * controlled, the same files are requested again through it (from the HTTP cache, in the
 * background), and the service worker keeps them (it caches /pyodide/* on first fetch). A page
 * controlled from the start had its worker's downloads kept already; the core files a boot from
 * the runtime's snapshot does not fetch (python_stdlib.zip: the normal boot, and a restored
 * runtime's rare imports, need it offline) are requested through it then. */

function controlled() {
  if (navigator.serviceWorker.controller) return Promise.resolve();
  return new Promise((resolve) =>
    navigator.serviceWorker.addEventListener("controllerchange", () => resolve(), { once: true }),
  );
}

/** Resolves true once the runtime files are with the service worker, false without one. */
const CORE = ["pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json"];

export async function keepRuntimeOffline(runtime, root) {
  if (!("serviceWorker" in navigator) || !window.caches) return false;
  const registration = await navigator.serviceWorker.getRegistration(root);
  if (!registration) return false;
  if (!runtime.controlledAtStart) await controlled();
  const base = new URL("pyodide/", root).href;
  const fetched = new Set(runtime.fetched.filter((url) => url.startsWith(base)));
  const urls = new Set(runtime.controlledAtStart ? [] : fetched);
  // A visitor saving data keeps what this boot fetched and nothing more: the full boot, without
  // the memory snapshot (worker.js), or a snapshot boot when the snapshot was kept before.
  const savingData = Boolean(navigator.connection && navigator.connection.saveData);
  for (const name of savingData ? [] : CORE) {
    if (!(runtime.controlledAtStart && fetched.has(base + name))) urls.add(base + name);
  }
  const results = await Promise.all(
    [...urls].map((url) =>
      fetch(url, { cache: "force-cache" })
        .then((response) => response.arrayBuffer().then(() => response.ok))
        .catch(() => false),
    ),
  );
  return results.every(Boolean);
}
