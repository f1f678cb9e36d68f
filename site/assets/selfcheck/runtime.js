/* The page's side of the Python worker: starts it once, reports its progress, and turns
 * requests into promises. Requests made before the worker is ready wait for it.
 *
 * While it starts (seconds of work on a phone's few cores) and until it has answered what was
 * asked meanwhile (the first verdict), the page asks the theme's script to wait
 * (theme_on_demand.js): <html data-theme-wait="selfcheck:runtime-idle">, removed, and that event
 * sent, once the worker is ready with nothing pending, or has failed. */

const THEME_WAIT = "data-theme-wait";
const IDLE = "selfcheck:runtime-idle";

export class Runtime {
  constructor(root, onProgress) {
    this.root = root;
    this.onProgress = onProgress;
    this.worker = null;
    this.nextId = 1;
    this.pending = new Map();
    this.stage = "waiting";
    this.fetched = [];
    this.controlledAtStart = false;
  }

  /** Start the worker (idempotent), or adopt the one the page's <head> started (theme main.html). */
  start() {
    if (this.worker) return;
    if (this.stage === "waiting") document.documentElement.setAttribute(THEME_WAIT, IDLE);
    this.controlledAtStart = Boolean(navigator.serviceWorker && navigator.serviceWorker.controller);
    const early = window.selfcheckEarlyWorker;
    if (early) {
      delete window.selfcheckEarlyWorker;
      this.worker = early.worker;
      this.worker.onmessage = null;
      this.worker.onerror = null;
      this.listen();
      for (const { data, at } of early.messages) this.receive(data, at);
      if (early.errors.length) this.failToLoad(early.errors[0]);
      return;
    }
    performance.mark("selfcheck:worker-start");
    // Saving data is said to the worker by its name (a setting the page alone sees, as DevTools'
    // emulation, still counts there; a query in its URL would not survive the service worker).
    const name = navigator.connection && navigator.connection.saveData ? "save-data" : "selfcheck";
    this.worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module", name });
    this.listen(); // the worker boots by itself
  }

  listen() {
    this.worker.addEventListener("message", (event) => this.receive(event.data));
    this.worker.addEventListener("error", (event) => {
      event.preventDefault();
      this.failToLoad(event.message);
    });
  }

  failToLoad(detail) {
    this.fail("自查程序加载失败：" + (detail || "未知错误") + " 请刷新页面重试。");
  }

  get ready() {
    return this.stage === "ready";
  }

  /** The theme's script may load now (once the browser is idle). */
  releaseTheme() {
    const html = document.documentElement;
    if (!html.hasAttribute(THEME_WAIT)) return;
    html.removeAttribute(THEME_WAIT);
    document.dispatchEvent(new Event(IDLE));
  }

  fail(message) {
    this.stage = "error";
    this.releaseTheme();
    this.onProgress("error", message);
    for (const { reject } of this.pending.values()) reject(new Error(message));
    this.pending.clear();
  }

  /** A message from the worker (`at`: when it arrived, if it waited in the early buffer). */
  receive(message, at = performance.now()) {
    if (message.type === "progress") {
      if (message.stage === "error") {
        this.fail(message.message);
        return;
      }
      this.stage = message.stage;
      if (message.stage === "ready" && !this.pending.size) this.releaseTheme();
      if (message.fetched) this.fetched = message.fetched;
      const sent = message.at ? message.at - performance.timeOrigin : at;
      performance.mark("selfcheck:" + message.stage, { startTime: Math.max(0, Math.min(sent, at)) });
      for (const [name, when] of Object.entries(message.timings || {})) {
        performance.mark("selfcheck:worker:" + name, { startTime: Math.max(0, when - performance.timeOrigin) });
      }
      this.onProgress(message.stage, message.message);
      return;
    }
    const waiting = this.pending.get(message.id);
    if (!waiting) return;
    this.pending.delete(message.id);
    if (message.ok) waiting.resolve(message.value);
    else waiting.reject(new Error(message.error));
    if (this.ready && !this.pending.size) this.releaseTheme();
  }

  request(payload, transfer = []) {
    this.start();
    if (this.stage === "error") return Promise.reject(new Error("自查程序未能加载"));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...payload, id }, transfer);
    });
  }

  /** {output, exit, anchors}: rules_py.check_json on the answers' JSON text. */
  check(text) {
    return this.request({ op: "check", text });
  }

  /** rules_py.photo.check_photo on the file's bytes (or its beginning, with its full size);
   * the buffer is moved, not copied. */
  photo(buffer, filename, size) {
    return this.request({ op: "photo", buffer, filename, size }, [buffer]);
  }
}
