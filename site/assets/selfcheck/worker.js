/* The self-check's Python runtime: Pyodide in a module Web Worker, with the rules_py package
 * installed as the site's own /pyodide/pyodide-lock.json lists it. Nothing is fetched from
 * another origin.
 *
 * It boots as soon as it starts (a message from the page would wait for the page's main thread,
 * busy for ~0.2 s on a first visit): the site root is where this file sits, two folders up.
 * Booting (boot) and answering messages (answer) are separate functions: how the runtime is
 * booted may change (a memory snapshot) without touching the messages.
 * Messages in:  {id, op: "check" | "photo", ...}
 * Messages out: {type: "progress", stage, message}  (stage: loading | rules | ready | error;
 *               "ready" also lists the runtime URLs fetched, `fetched`)
 *               {type: "reply", id, ok, value | error}
 */

const HELPERS = `
import json

import rules_py
from rules_py.clauses import anchor


def _anchors(result):
    found = {}
    groups = list(result.get("routes", {}).values()) + list(result.get("common", {}).values())
    clauses = [r["clause"] for g in groups for r in g.get("reasons", [])]
    for clause in clauses:
        if clause and clause not in found:
            try:
                found[clause] = anchor(clause)
            except ValueError:
                pass
    return found


def selfcheck_check(text):
    output, code = rules_py.check_json(text)
    anchors = _anchors(json.loads(output)) if code == 0 else {}
    return json.dumps({"output": output, "exit": code, "anchors": anchors}, ensure_ascii=False)


def selfcheck_photo(buffer, filename, size):
    result = rules_py.photo.check_photo(buffer.to_bytes(), filename, size=size)
    return json.dumps(result, ensure_ascii=False)
`;

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
  const digest = String.fromCharCode(...entry.sha256.match(/../g).map((hex) => parseInt(hex, 16)));
  const response = await fetch(new URL(entry.file_name, base), { integrity: "sha256-" + btoa(digest) });
  if (!response.ok) throw new Error(entry.file_name + "：HTTP " + response.status);
  return new Uint8Array(await response.arrayBuffer());
}

async function boot(root) {
  const base = new URL("pyodide/", root).href;
  progress("loading", "正在后台准备自查程序，您可以先填写。");
  // The lock file names the rules package; its wheel downloads while Pyodide boots. It is
  // unpacked directly: pyodide.loadPackage's general path (dynamic-library scan, import caches)
  // costs ~0.1 s more for a pure-Python wheel, measured with scripts/bench-selfcheck.
  const lock = fetch(base + "pyodide-lock.json").then((response) => {
    if (!response.ok) throw new Error("pyodide-lock.json：HTTP " + response.status);
    return response.json();
  });
  const wheel = lock.then((contents) => fetchWheel(base, contents));
  wheel.catch(() => {}); // reported below, once Pyodide is up
  const { loadPyodide } = await import(base + "pyodide.mjs");
  const problems = [];
  const pyodide = await loadPyodide({
    indexURL: base,
    packageBaseUrl: base,
    lockFileContents: lock,
    stdout: () => {},
    stderr: (text) => problems.push(text),
  });
  progress("rules", "正在载入申报规则…");
  try {
    const sitePackages = pyodide.runPython("import site; site.getsitepackages()[0]");
    pyodide.unpackArchive(await wheel, "wheel", { extractDir: sitePackages });
    pyodide.runPython(HELPERS); // imports rules_py
  } catch (error) {
    const detail = problems.length ? problems.join("; ") : String(error.message || error).split("\n").slice(-2).join(" ");
    throw new Error("申报规则没有载入（" + detail.slice(0, 200) + "）");
  }
  const globals = pyodide.globals;
  api = {
    check: globals.get("selfcheck_check"),
    photo: globals.get("selfcheck_photo"),
  };
  const fetched = performance.getEntriesByType("resource").map((entry) => entry.name);
  progress("ready", "自查程序已就绪。", { fetched });
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
