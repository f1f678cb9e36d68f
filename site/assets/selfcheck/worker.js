/* The self-check's Python runtime: Pyodide in a module Web Worker, with the rules_py package
 * installed as the site's own /pyodide/pyodide-lock.json lists it. Nothing is fetched from
 * another origin.
 *
 * It boots as soon as it starts (a message from the page would wait for the page's main thread,
 * busy for ~0.2 s on a first visit): the site root is where this file sits, two folders up.
 * Booting (boot) and answering messages (answer) are separate functions.
 *
 * Boot: when the site carries a memory snapshot of the runtime made for this very Pyodide and
 * rules wheel (pyodide/snapshot.json, see snapshot.js and scripts/build_snapshot.mjs), the
 * worker restores it: the interpreter comes back with rules_py and the notice data already
 * imported and the first verdict's paths already run. Otherwise, or if the restore fails in any
 * way (download, integrity, restore), it boots Pyodide and imports the rules as before.
 * Messages in:  {id, op: "check" | "photo", ...}
 * Messages out: {type: "progress", stage, message}  (stage: loading | rules | ready | error;
 *               "ready" also lists the runtime URLs fetched, `fetched`, and says
 *               how it booted: `boot` "snapshot" | "full", `timings` (when each stage ended,
 *               on the shared clock as `at`), `transferred` (bytes over the network))
 *               {type: "reply", id, ok, value | error}
 */

import { HELPERS } from "./worker-python.js";
import { MANIFEST, fittingSnapshot, integrity } from "./snapshot.js";

let api = null;
let bootError = null;

/* `at`: when, on the clock every context shares (for the page's performance marks). */
const now = () => performance.timeOrigin + performance.now();

function progress(stage, message, extra = {}) {
  self.postMessage({ type: "progress", stage, message, at: now(), ...extra });
}

const RULES_PACKAGE = "rules-py";

/* The rules wheel as the lock file lists it, checked against the lock's sha256 by the browser
 * (subresource integrity). */
async function fetchWheel(base, lock) {
  const entry = lock.packages[RULES_PACKAGE];
  if (!entry) throw new Error("pyodide-lock.json 中没有 " + RULES_PACKAGE);
  const response = await fetch(new URL(entry.file_name, base), { integrity: integrity(entry.sha256) });
  if (!response.ok) throw new Error(entry.file_name + "：HTTP " + response.status);
  return new Uint8Array(await response.arrayBuffer());
}

async function fetchJson(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(url.split("/").pop() + "：HTTP " + response.status);
  return response.json();
}

/* The snapshot's bytes, checked against the manifest's sha256 (a stale or damaged file is never
 * restored). The server sends it compressed (Content-Encoding: br), the browser decodes it. */
async function fetchSnapshot(base, manifest, timings) {
  const response = await fetch(new URL(manifest.file, base), { integrity: integrity(manifest.sha256) });
  if (!response.ok) throw new Error(manifest.file + "：HTTP " + response.status);
  const image = new Uint8Array(await response.arrayBuffer());
  timings.snapshot = performance.now();
  return image;
}

/* Stage times on the clock every context shares (as `at`). */
const onSharedClock = (timings) =>
  Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, Math.round(performance.timeOrigin + v)]));

async function boot(root) {
  const base = new URL("pyodide/", root).href;
  const timings = {};
  progress("loading", "正在后台准备自查程序，您可以先填写。");
  // The lock file names the rules package; its wheel downloads while Pyodide boots. It is
  // unpacked directly: pyodide.loadPackage's general path (dynamic-library scan, import caches)
  // costs ~0.1 s more for a pure-Python wheel, measured with scripts/bench-selfcheck.
  const lock = fetchJson(base + "pyodide-lock.json");
  let noManifest = false; // a site built without a snapshot: nothing to keep offline either
  const manifest = fetch(base + MANIFEST)
    .then((response) => (response.ok ? response.json() : Promise.reject(new Error(response.status))))
    .catch(() => {
      noManifest = true;
      return null;
    });
  const wheel = lock.then((contents) => fetchWheel(base, contents));
  wheel.catch(() => {}); // reported below, once Pyodide is up
  const { loadPyodide, version } = await import(base + "pyodide.mjs");
  const problems = [];
  const options = {
    indexURL: base,
    packageBaseUrl: base,
    lockFileContents: lock,
    stdout: () => {},
    stderr: (text) => problems.push(text),
  };
  const lockContents = await lock.catch(() => null);
  const fitting = lockContents && fittingSnapshot(await manifest, version, lockContents.packages[RULES_PACKAGE]);
  timings.manifest = performance.now();
  let pyodide = null;
  if (fitting) {
    try {
      // Pyodide's own downloads (wasm, standard library) start at once, beside the snapshot's.
      pyodide = await loadPyodide({ ...options, _loadSnapshot: fetchSnapshot(base, fitting, timings) });
    } catch (error) {
      problems.length = 0; // the normal boot below is what counts now
      timings.fallback = performance.now();
    }
  }
  const restored = pyodide !== null;
  if (!restored) pyodide = await loadPyodide(options);
  timings.runtime = performance.now();
  progress("rules", "正在载入申报规则…");
  try {
    // The file system is not part of the snapshot: the wheel is unpacked either way (its modules
    // not imported yet, and its data files, are read from there).
    const sitePackages = pyodide.runPython("import site; site.getsitepackages()[0]");
    pyodide.unpackArchive(await wheel, "wheel", { extractDir: sitePackages });
    pyodide.runPython(HELPERS); // imports rules_py (after a restore: already imported, ~1 ms)
  } catch (error) {
    const detail = problems.length ? problems.join("; ") : String(error.message || error).split("\n").slice(-2).join(" ");
    throw new Error("申报规则没有载入（" + detail.slice(0, 200) + "）");
  }
  const globals = pyodide.globals;
  api = {
    check: globals.get("selfcheck_check"),
    photo: globals.get("selfcheck_photo"),
  };
  timings.rules = performance.now();
  const entries = performance.getEntriesByType("resource");
  const fetched = entries.map((entry) => entry.name).filter((url) => !(noManifest && url === base + MANIFEST));
  progress("ready", "自查程序已就绪。", {
    fetched,
    boot: restored ? "snapshot" : "full",
    timings: onSharedClock(timings),
    transferred: entries.reduce((sum, entry) => sum + (entry.transferSize || 0), 0),
  });
}

function run(message) {
  switch (message.op) {
    case "check":
      return JSON.parse(api.check(message.text));
    case "photo":
      return JSON.parse(api.photo(new Uint8Array(message.buffer), message.filename, message.size));
    default:
      throw new Error("unknown op " + message.op);
  }
}

const booting = boot(new URL("../../", self.location.href).href).catch((error) => {
  bootError = error;
  progress("error", "自查程序加载失败：" + error.message + " 请检查网络后刷新页面重试。");
});

/* One request from the page, answered once the runtime is up (or with why it is not). */
async function answer(message) {
  try {
    await booting;
    if (bootError) throw bootError;
    self.postMessage({ type: "reply", id: message.id, ok: true, value: run(message) });
  } catch (error) {
    self.postMessage({ type: "reply", id: message.id, ok: false, error: String(error.message || error) });
  }
}

self.addEventListener("message", (event) => answer(event.data));
