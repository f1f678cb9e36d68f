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
 * imported and the first verdict's paths already run. It then needs only a small standard-library
 * archive (the manifest's `stdlib`), not Pyodide's python_stdlib.zip. The snapshot's download,
 * Pyodide's WebAssembly compile and the snapshot's sha256 check run side by side. A visitor
 * saving data gets the full boot, which downloads less, unless the snapshot is kept offline
 * already (worthDownloading). Otherwise, or if the restore fails in any way (download, size,
 * sha256, restore), it boots Pyodide and imports the rules as before.
 * Messages in:  {id, op: "check" | "photo", ...}
 * Messages out: {type: "progress", stage, message}  (stage: loading | rules | ready | error;
 *               "ready" also lists the runtime URLs fetched, `fetched`, and says
 *               how it booted: `boot` "snapshot" | "full", `timings` (when each stage ended,
 *               on the shared clock as `at`: started, manifest, snapshot_response, asm, module,
 *               snapshot, checked, runtime, rules; the page marks them "selfcheck:worker:NAME"),
 *               `transferred` (bytes over the network))
 *               {type: "reply", id, ok, value | error}
 */

import { MANIFEST, fittingSnapshot, integrity, namedSnapshot, restore, sha256Hex } from "./snapshot.js";
import { installPackage } from "./wheel.js";
import { HELPERS } from "./worker-python.js";

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

/* The snapshot's bytes, read as they arrive into `image` (the manifest's size; the server sends
 * them compressed, Content-Encoding: br, the browser decodes them). Their sha256 is checked apart
 * (`verified`), beside the restore: subresource integrity would hold the 31.5 MB back until
 * hashed. */
async function fetchSnapshot(url, image, timings, signal) {
  const response = await fetch(url, { signal });
  if (!response.ok) throw new Error(url.split("/").pop() + "：HTTP " + response.status);
  timings.snapshot_response = performance.now();
  const reader = response.body.getReader();
  let filled = 0;
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    if (filled + chunk.value.length > image.length) break;
    image.set(chunk.value, filled);
    filled += chunk.value.length;
  }
  if (filled !== image.length) {
    reader.cancel().catch(() => {});
    throw new Error(url.split("/").pop() + "：大小不符");
  }
  timings.snapshot = performance.now();
}

async function verified(image, downloaded, manifest, timings) {
  await downloaded;
  if ((await sha256Hex(image)) !== manifest.sha256) throw new Error(manifest.file + "：校验不符");
  timings.checked = performance.now();
}

/* loadPyodide reads the snapshot's bytes before it compiles its WebAssembly, and uses them only
 * once the module is made. It is given the snapshot's buffer at once, still filling, and a module
 * factory (Pyodide's own, from pyodide.asm.mjs) that returns the module only once the buffer is
 * full: the download, the compile and the module's set-up run side by side. */
function filledBeforeRestore(asm, downloaded, timings) {
  return async (settings) => {
    const { default: createPyodideModule } = await asm;
    timings.asm = performance.now();
    const module = await createPyodideModule(settings);
    timings.module = performance.now();
    await downloaded;
    return module;
  };
}

/* The full standard library, synchronously (a restored runtime asks for it only should it import
 * a module its small archive lacks: worker-python.js). */
function fullStdlib(url) {
  return () => {
    const request = new XMLHttpRequest();
    request.open("GET", url, false);
    request.responseType = "arraybuffer";
    request.send();
    if (request.status !== 200) throw new Error("python_stdlib.zip：HTTP " + request.status);
    return new Uint8Array(request.response);
  };
}

/* The snapshot named by the manifest, unless the visitor has asked the browser to save data and
 * it is not kept offline yet: then the boot that downloads least is the full one (about 6.4 MB,
 * against 8.8 MB for the snapshot's; seconds slower, as the visitor chose). A kept snapshot costs
 * nothing: the service worker keeps each runtime file under "<its URL>?sha256=<its sha256>"
 * (runtimeKey in scripts/site_hooks/service_worker.js). */
async function worthDownloading(named, base) {
  const connection = self.navigator.connection;
  const saving = self.name === "save-data" || (connection && connection.saveData); // runtime.js
  if (!named || !saving) return named;
  try {
    return (await self.caches.match(base + named.file + "?sha256=" + named.sha256)) ? named : null;
  } catch {
    return null; // no cache storage here: nothing is kept
  }
}

/* Stage times on the clock every context shares (as `at`). */
const onSharedClock = (timings) =>
  Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, Math.round(performance.timeOrigin + v)]));

async function boot(root) {
  const base = new URL("pyodide/", root).href;
  const timings = { started: performance.now() };
  progress("loading", "正在后台准备自查程序，您可以先填写。");
  // Everything the boot needs is asked for at once: the lock file (it names the rules package,
  // whose wheel downloads while Pyodide boots; wheel.js writes its files: pyodide.loadPackage's
  // general path costs ~0.1 s more for a pure-Python wheel), the snapshot's manifest, Pyodide.
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
  const pyodideModule = import(base + "pyodide.mjs");
  // The snapshot path: its download and Pyodide's module factory start as soon as the manifest
  // names a snapshot, before its fit to this runtime is known (a snapshot that does not fit is not
  // downloaded further).
  const download = new AbortController();
  const named = await worthDownloading(namedSnapshot(await manifest), base);
  const image = named && new Uint8Array(named.size);
  const downloaded = named && fetchSnapshot(base + named.file, image, timings, download.signal);
  const asm = named && import(base + "pyodide.asm.mjs");
  for (const started of [downloaded, asm]) if (started) started.catch(() => {});
  const { loadPyodide, version } = await pyodideModule;
  const problems = [];
  const options = {
    indexURL: base,
    packageBaseUrl: base,
    lockFileContents: lock,
    stdout: () => {},
    stderr: (text) => problems.push(text),
  };
  const lockContents = await lock.catch(() => null);
  const fitting = lockContents && fittingSnapshot(named, version, lockContents.packages[RULES_PACKAGE]);
  timings.manifest = performance.now();
  let pyodide = null;
  if (fitting) {
    try {
      const restoring = { ...options, createPyodideModule: filledBeforeRestore(asm, downloaded, timings) };
      const checked = verified(image, downloaded, fitting, timings);
      checked.catch(() => {});
      pyodide = await restore(loadPyodide, restoring, fitting, image, fullStdlib(base + "python_stdlib.zip"));
      await checked;
    } catch (error) {
      pyodide = null;
      problems.length = 0; // the normal boot below is what counts now
      timings.fallback = performance.now();
    }
  } else {
    download.abort();
  }
  const restored = pyodide !== null;
  if (!restored) pyodide = await loadPyodide(options);
  timings.runtime = performance.now();
  progress("rules", "正在载入申报规则…");
  try {
    // The file system is not part of the snapshot: the wheel is installed either way (its modules
    // not imported yet, and its data files, are read from there). A restored runtime has the
    // helpers defined already (the build step ran them); a booted one defines them, importing
    // rules_py.
    await installPackage(pyodide, await wheel);
    if (!pyodide.globals.has("selfcheck_check")) pyodide.runPython(HELPERS);
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
