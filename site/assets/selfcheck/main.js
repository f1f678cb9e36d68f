/* The self-check page: wires the form, the verdict, saving/loading, the photo check and the
 * 述职 counter to the Python worker. The form works at once; the worker boots from the page's
 * <head>, before styles and scripts load, so the verdict does not wait long. */

import {
  addDegree,
  checkFits,
  clearForm,
  controlIdFor,
  readAnswers,
  validateForm,
  wireDegrees,
  writeAnswers,
} from "./answers.js";
import { keepRuntimeOffline } from "./offline.js";
import { wirePhoto } from "./photo.js";
import { Runtime } from "./runtime.js";
import { wireSelfReport } from "./self-report.js";
import { download, forget, loadStored, readJsonFile, store } from "./storage.js";
import { renderSummary } from "./summary.js";
import { renderChecklist, renderVerdict } from "./verdict.js";

const SAVE_NAME = "申报条件自查.json";
const root = new URL("../../", import.meta.url).href;
const $ = (id) => document.getElementById(id);
const labelsBlock = $("sc-labels");
const labels = labelsBlock ? JSON.parse(labelsBlock.textContent) : { routes: {}, paths: {} };
const form = $("sc-form");
form.dataset.notice = labels.notice || "hz-2023-chem-textile";
const title = document.title;

const runtimeStatus = $("sc-runtime");
const runtime = new Runtime(root, (stage, message) => {
  runtimeStatus.dataset.state = stage;
  runtimeStatus.textContent = message;
  if (stage === "ready" || stage === "error") document.dispatchEvent(new Event("selfcheck:settled"));
  if (stage === "ready") setTimeout(keepOffline, 500);
});

function keepOffline() {
  keepRuntimeOffline(runtime, root).then((kept) => {
    if (!kept) return;
    runtimeStatus.dataset.offline = "ready";
    runtimeStatus.textContent = "自查程序已就绪，断网后也可使用。";
  });
}

/* ---- the worker: usually already booting since <head> (theme main.html); else start it now ---- */
runtime.start();

/* ---- errors (error summary at the top, message by each field) ---- */
const errorSummary = $("sc-error-summary");
const errorList = $("sc-error-list");

function errorSlot(control) {
  const own = $(control.id + "-error");
  if (own) return own;
  const group = control.closest("fieldset");
  return group ? group.querySelector(":scope > .sc-error-message") : null;
}

function clearErrors() {
  errorSummary.hidden = true;
  errorList.replaceChildren();
  document.title = title;
  for (const slot of document.querySelectorAll(".sc-error-message")) {
    slot.hidden = true;
    slot.textContent = "";
  }
  for (const control of form.querySelectorAll("[aria-invalid]")) {
    control.removeAttribute("aria-invalid");
    const ids = (control.getAttribute("aria-describedby") || "").split(" ").filter((id) => !id.endsWith("-error"));
    if (ids.length) control.setAttribute("aria-describedby", ids.join(" "));
    else control.removeAttribute("aria-describedby");
  }
  for (const group of form.querySelectorAll(".sc-group--error")) group.classList.remove("sc-group--error");
}

function showErrors(errors) {
  clearErrors();
  for (const { id, message } of errors) {
    const control = $(id);
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = "#" + id;
    link.textContent = message;
    link.addEventListener("click", (event) => {
      event.preventDefault();
      focusControl(id);
    });
    item.append(link);
    errorList.append(item);
    if (!control) continue;
    const slot = errorSlot(control);
    if (slot) {
      slot.hidden = false;
      slot.textContent = (slot.textContent ? slot.textContent + "；" : "错误：") + message;
      const ids = (control.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
      if (slot.id && !ids.includes(slot.id)) ids.push(slot.id);
      control.setAttribute("aria-describedby", ids.join(" "));
    }
    control.setAttribute("aria-invalid", "true");
    control.closest("fieldset.sc-group")?.classList.add("sc-group--error");
  }
  document.title = "错误：" + title;
  errorSummary.hidden = false;
  errorSummary.focus();
}

function focusControl(id) {
  const control = $(id);
  if (!control) return;
  control.scrollIntoView({ block: "center" });
  control.focus({ preventScroll: true });
}

/* ---- the verdict ---- */
const result = $("sc-result");
const verdict = $("sc-verdict");
const verdictBody = $("sc-verdict-body");
const checklist = $("sc-checklist");
let checks = 0;

async function showResult() {
  const problems = validateForm(form);
  if (problems.length) {
    showErrors(problems);
    return;
  }
  clearErrors();
  stale.hidden = true;
  const data = readAnswers(form);
  store(data);
  renderSummary(form, $("sc-summary-list"));
  result.hidden = false;
  checklist.replaceChildren();
  verdict.dataset.state = "pending";
  verdictBody.textContent = runtime.ready ? "正在检查…" : "正在准备自查程序，就绪后立即显示结果…";
  const ticket = ++checks;
  try {
    const reply = await runtime.check(JSON.stringify(data));
    if (ticket !== checks) return;
    const output = JSON.parse(reply.output);
    if (reply.exit !== 0) {
      verdict.dataset.state = "invalid";
      verdictBody.textContent = "填写的内容有误，请按页面顶部的提示修改后再查看结果。";
      showErrors([{ id: controlIdFor(form, output.error.field), message: output.error.message }]);
      return;
    }
    renderVerdict(verdictBody, output, reply.anchors, labels, root);
    renderChecklist(checklist, output, reply.anchors, root);
    verdict.dataset.state = "done";
    performance.mark("selfcheck:verdict");
    verdict.dataset.eligible = String(output.eligible);
    verdict.scrollIntoView({ block: "start" });
    verdict.focus({ preventScroll: true });
  } catch (error) {
    if (ticket !== checks) return;
    verdict.dataset.state = "error";
    verdictBody.textContent = "无法完成自查：" + error.message;
  }
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  showResult();
});

$("sc-summary-list").addEventListener("click", (event) => {
  const link = event.target.closest("a.sc-change");
  if (!link || !link.dataset.target) return;
  event.preventDefault();
  focusControl(link.dataset.target);
});

/* ---- answers kept in this browser ---- */
let saveTimer = 0;
const saveSoon = () => {
  clearTimeout(saveTimer);
  saveTimer = setTimeout(() => store(readAnswers(form)), 250);
};
form.addEventListener("input", saveSoon);
form.addEventListener("change", saveSoon);

/* a verdict on screen that no longer matches the answers says so */
const stale = $("sc-stale");
const markStale = () => {
  if (!result.hidden && verdict.dataset.state === "done") stale.hidden = false;
};
form.addEventListener("input", markStale);
form.addEventListener("change", markStale);

$("sc-add-degree").addEventListener("click", () => {
  addDegree(form).querySelector(".sc-level").focus();
  saveSoon();
});

wireDegrees(form, saveSoon);
const stored = loadStored();
if (stored && checkFits(form, stored).length === 0) writeAnswers(form, stored);

/* ---- save, load, clear ---- */
const filesStatus = $("sc-files-status");
$("sc-save").addEventListener("click", () => {
  download(readAnswers(form), SAVE_NAME);
  filesStatus.textContent = `已生成文件“${SAVE_NAME}”，请在浏览器的下载中查看。`;
});

const loadInput = $("sc-load");
loadInput.addEventListener("change", async () => {
  const file = loadInput.files && loadInput.files[0];
  loadInput.value = "";
  if (!file) return;
  runtime.start();
  try {
    const data = await readJsonFile(file);
    const problems = checkFits(form, data);
    if (problems.length) {
      filesStatus.dataset.state = "error";
      filesStatus.textContent = `无法载入“${file.name}”：` + problems.map((p) => p.message).join("；");
      return;
    }
    writeAnswers(form, data);
    store(readAnswers(form));
    filesStatus.dataset.state = "ok";
    filesStatus.textContent = `已载入“${file.name}”。`;
    await showResult();
  } catch (error) {
    filesStatus.dataset.state = "error";
    filesStatus.textContent = `无法载入“${file.name}”：${error.message}`;
  }
});

$("sc-clear").addEventListener("click", () => {
  forget();
  clearForm(form);
  clearErrors();
  result.hidden = true;
  verdictBody.replaceChildren();
  checklist.replaceChildren();
  verdict.dataset.state = "empty";
  $("sc-report").value = "";
  $("sc-report").dispatchEvent(new Event("input"));
  $("sc-photo").value = "";
  $("sc-photo-result").replaceChildren();
  filesStatus.dataset.state = "ok";
  filesStatus.textContent = "已清除本浏览器中保存的填写。";
});

$("sc-print").addEventListener("click", () => window.print());

/* ---- photo and 述职 ---- */
wirePhoto($("sc-photo"), $("sc-photo-result"), runtime);
wireSelfReport($("sc-report"), $("sc-report-count"), $("sc-report-how"), runtime);

/* every listener is attached: tools (and the benchmark) may use the page from here on */
form.dataset.wired = "true";
