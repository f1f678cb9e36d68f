/* The self-check page: questions first, a few at a time, then one answer. Steps and questions
 * are in the page from the build (rules_py.form.describe()); this script shows the step being
 * answered and the questions the answers so far make relevant, checks that each is answered,
 * keeps the answers in this browser, and hands the contract's input to the rules in the
 * Python worker for the answer. The questions do not wait for the worker. On a first visit it
 * starts once the page has loaded and the browser is idle (its downloads and messages would
 * otherwise compete with the first view), or at once when an answer needs it; for someone who
 * has answered before, from the page's <head> (theme main.html; runtime.js adopts it). */

import { checkFits, fromContract, toContract } from "./contract.js";
import { keepRuntimeOffline } from "./offline.js";
import { wirePhoto } from "./photo.js";
import { Questionnaire } from "./questions.js";
import { Runtime } from "./runtime.js";
import { wireSelfReport } from "./self-report.js";
import { download, forget, loadStored, readJsonFile, store } from "./storage.js";
import { renderSummary } from "./summary.js";
import { renderStop, renderVerdict } from "./verdict.js";

const $ = (id) => document.getElementById(id);
const root = new URL("../../", import.meta.url).href;
const description = JSON.parse($("sc-form-data").textContent);
const form = $("sc-form");
const questionnaire = new Questionnaire(form, description);
const storageKey = "selfcheck:" + description.notice.id;
const SAVE_NAME = "申报条件自查.json";
const title = document.title;

/* ---- the Python worker ---- */
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
/** When the browser asks to save data, the runtime is downloaded only when an answer or a photo
 * needs it, unless the site's service worker keeps it already (window.siteRuntimeKept, asked in
 * the page's <head>); otherwise `start`. */
function startUnlessSavingData(start) {
  if (!(navigator.connection && navigator.connection.saveData)) {
    start();
    return;
  }
  runtimeStatus.textContent = "为节省流量，自查程序在您查看结果或检查照片时才下载。";
  Promise.resolve(window.siteRuntimeKept).then((kept) => kept && start());
}

/** Run `task` after the load event, when the browser is next idle (at the latest 2 s later). */
function whenIdle(task) {
  const idle = () => (window.requestIdleCallback ? requestIdleCallback(task, { timeout: 2000 }) : setTimeout(task, 0));
  if (document.readyState === "complete") idle();
  else window.addEventListener("load", idle, { once: true });
}

/** Run `task` once the person starts using the page (pointer, touch, key, focus, scroll), or
 * 5 s after it went idle: a first visit's runtime download and start-up (seconds of work) does not
 * compete with the page's first paint and first taps, and is ready long before the last answer. */
function whenReading(task) {
  const events = ["pointerdown", "pointermove", "touchstart", "keydown", "focusin", "wheel", "scroll"];
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    for (const type of events) window.removeEventListener(type, once, true);
    task();
  };
  for (const type of events) window.addEventListener(type, once, { capture: true, passive: true });
  whenIdle(() => setTimeout(once, 5000));
}

/* ---- errors: a summary at the top (focused), a message by each question ---- */
const errorSummary = $("sc-error-summary");
const errorList = $("sc-error-list");

function errorSlot(control) {
  const own = $(control.id + "-error");
  if (own) return own;
  const box = control.closest("[data-part]")?.closest(".sc-degree-question, .sc-field") || control.closest(".sc-question");
  return box ? box.querySelector(".sc-error-message") : null;
}

function clearErrors() {
  errorSummary.hidden = true;
  errorList.replaceChildren();
  for (const slot of document.querySelectorAll(".sc-error-message")) {
    slot.hidden = true;
    slot.textContent = "";
  }
  for (const control of form.querySelectorAll("[aria-invalid]")) {
    control.removeAttribute("aria-invalid");
    const ids = (control.getAttribute("aria-describedby") || "").split(" ").filter((id) => id && !id.endsWith("-error"));
    if (ids.length) control.setAttribute("aria-describedby", ids.join(" "));
    else control.removeAttribute("aria-describedby");
  }
  for (const box of form.querySelectorAll(".sc-question--error")) box.classList.remove("sc-question--error");
}

function showErrors(errors) {
  clearErrors();
  for (const { id, message } of errors) {
    const link = Object.assign(document.createElement("a"), { href: "#" + id, textContent: message });
    link.addEventListener("click", (event) => {
      event.preventDefault();
      focusControl(id);
    });
    const item = document.createElement("li");
    item.append(link);
    errorList.append(item);
    const control = $(id);
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
    control.closest(".sc-question")?.classList.add("sc-question--error");
  }
  document.title = "错误：" + title;
  errorSummary.hidden = false;
  errorSummary.focus();
}

/* ---- steps ---- */
const result = $("sc-result");
const answerBody = $("sc-answer");
let current = description.steps[0].id;
let returnToReview = false;

function stepTitle(id) {
  return $(`sc-step-${id}-title`).textContent;
}

/** Show one step (or the result, id "result"); `focus`: move focus to its heading. */
function show(id, { focus = true, push = true } = {}) {
  const all = questionnaire.read();
  current = id;
  for (const step of form.querySelectorAll(".sc-step")) step.classList.toggle("sc-step--current", step.dataset.step === id);
  form.hidden = id === "result";
  result.hidden = id !== "result";
  if (id === "review") renderSummary(questionnaire, questionnaire.resolve(all), $("sc-summary-list"), true);
  document.title = id === "result" ? `自查结果｜${title}` : `${stepTitle(id)}｜${title}`;
  if (push) history.pushState({ selfcheck: id }, "");
  save(all);
  if (focus) {
    const heading = id === "result" ? $("sc-result-title") : $(`sc-step-${id}-title`);
    heading.focus({ preventScroll: true });
    heading.scrollIntoView({ block: "start" });
  }
}

window.addEventListener("popstate", (event) => {
  const id = event.state && event.state.selfcheck;
  if (!id) return;
  clearErrors();
  show(id, { push: false });
});

function askedSteps(all) {
  return questionnaire.resolve(all).steps;
}

/** The first step with something unanswered or wrong, else "review". */
function firstIncomplete(all) {
  for (const id of askedSteps(all)) if (questionnaire.problems([id], all).length) return id;
  return "review";
}

function next(all) {
  if (returnToReview) return firstIncomplete(all);
  const steps = askedSteps(all);
  const index = steps.indexOf(current);
  return steps[index + 1] || "review";
}

function previous(all) {
  const steps = askedSteps(all);
  if (current === "review" || current === "result") return steps[steps.length - 1];
  const index = steps.indexOf(current);
  return index > 0 ? steps[index - 1] : steps[0];
}

function focusControl(id) {
  const control = $(id);
  if (!control) return;
  const step = control.closest(".sc-step");
  if (step && step.dataset.step !== current) show(step.dataset.step, { focus: false });
  control.scrollIntoView({ block: "center" });
  control.focus({ preventScroll: true });
}

/**
 * Ask the rules about the answers so far where a step depends on what they find (a step asked
 * only when no other route meets yet). `wait`: wait for the runtime to boot; otherwise, while
 * it boots, the step is simply asked. `only`: ask only for this step (the one coming next).
 */
async function prejudge(all, wait, only = null) {
  for (;;) {
    const pending = questionnaire.awaitingRules(all);
    if (!pending || (only && pending.step !== only) || (!wait && !runtime.ready)) return;
    const reply = await runtime.check(JSON.stringify(toContract(questionnaire, { answers: pending.answers })));
    const output = JSON.parse(reply.output);
    const meeting = reply.exit === 0 ? Object.keys(output.routes).filter((r) => output.routes[r].status === "meets") : [];
    questionnaire.judged(pending.answers, meeting);
  }
}

async function continueFrom() {
  const all = questionnaire.read();
  if (current === "review") {
    showAnswer(all);
    return;
  }
  const problems = questionnaire.problems([current], all);
  if (problems.length) {
    showErrors(problems);
    return;
  }
  clearErrors();
  document.title = title;
  const resolved = questionnaire.resolve(all);
  if (resolved.stop) {
    showStop(resolved.stop);
    return;
  }
  try {
    await prejudge(all, false, next(all));
  } catch {
    /* the rules could not judge: the step that depends on them is asked */
  }
  show(next(all));
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  continueFrom();
});

form.addEventListener("click", (event) => {
  if (event.target.closest(".sc-back")) {
    clearErrors();
    show(previous(questionnaire.read()));
    return;
  }
  const change = event.target.closest("a.sc-change");
  if (change) {
    event.preventDefault();
    returnToReview = true;
    show(change.dataset.step, { focus: false });
    focusControl(change.dataset.target);
  }
});

/* ---- the answer ---- */
let checks = 0;

function showStop(stop) {
  returnToReview = true;
  renderStop(answerBody, description, stop, root);
  answerBody.dataset.state = "stop";
  renderSummary(questionnaire, questionnaire.resolve(questionnaire.read()), $("sc-result-summary"), false);
  show("result");
}

function pending() {
  answerBody.dataset.state = "pending";
  answerBody.replaceChildren(
    Object.assign(document.createElement("p"), {
      textContent: runtime.ready ? "正在检查…" : "正在准备自查程序，就绪后立即显示结果…",
    }),
  );
  if (current !== "result") show("result");
}

async function showAnswer(all) {
  const ticket = ++checks;
  if (questionnaire.awaitingRules(all)) {
    pending();
    try {
      await prejudge(all, true);
    } catch {
      /* the step that depends on the rules is asked; the error shows below */
    }
    if (ticket !== checks) return;
  }
  const resolved = questionnaire.resolve(all);
  const problems = questionnaire.problems(resolved.steps, all);
  if (problems.length) {
    show(firstIncomplete(all), { focus: false });
    showErrors(problems);
    return;
  }
  clearErrors();
  if (resolved.stop) {
    showStop(resolved.stop);
    return;
  }
  returnToReview = true;
  renderSummary(questionnaire, resolved, $("sc-result-summary"), false);
  pending();
  try {
    const reply = await runtime.check(JSON.stringify(toContract(questionnaire, resolved)));
    if (ticket !== checks) return;
    const output = JSON.parse(reply.output);
    if (reply.exit !== 0) {
      answerBody.dataset.state = "invalid";
      answerBody.replaceChildren(Object.assign(document.createElement("p"), { textContent: "回答中有无法检查的内容：" + output.error.message }));
      return;
    }
    const entries = description.result.route_entries;
    renderVerdict(
      answerBody,
      description,
      output,
      reply.anchors,
      {
        answers: resolved.answers,
        applies: (route) => !entries[route] || questionnaire.holds(entries[route], resolved.answers),
        notes: questionnaire.notesFor(resolved),
      },
      root,
    );
    answerBody.dataset.state = "done";
    performance.mark("selfcheck:verdict");
    $("sc-result-title").focus({ preventScroll: true });
  } catch (error) {
    if (ticket !== checks) return;
    answerBody.dataset.state = "error";
    answerBody.replaceChildren(Object.assign(document.createElement("p"), { textContent: "无法完成自查：" + error.message }));
  }
}

$("sc-change").addEventListener("click", () => {
  checks += 1; // an answer still on its way is not shown over the answers
  show("review");
});
$("sc-restart").addEventListener("click", () => clearAll("已清除回答，可以重新开始。"));
$("sc-print").addEventListener("click", () => window.print());

/* ---- answers kept in this browser ---- */
let saveTimer = 0;
function save(all) {
  clearTimeout(saveTimer);
  store(storageKey, { answers: all, step: current === "result" ? "review" : current });
}
function saveSoon() {
  clearTimeout(saveTimer);
  saveTimer = setTimeout(() => save(questionnaire.read()), 250);
}

function onAnswer(event) {
  const input = event.target;
  if (input.type === "checkbox" && input.checked) {
    const exclusive = input.hasAttribute("data-exclusive");
    for (const other of form.querySelectorAll(`input[type=checkbox][name="${CSS.escape(input.name)}"]`)) {
      if (other !== input && (exclusive || other.hasAttribute("data-exclusive"))) other.checked = false;
    }
  }
  questionnaire.refresh(questionnaire.read());
  saveSoon();
}
form.addEventListener("input", onAnswer);
form.addEventListener("change", onAnswer);

$("sc-add-degree").addEventListener("click", () => {
  questionnaire.addDegree().querySelector("select").focus();
  questionnaire.refresh(questionnaire.read());
  saveSoon();
});
$("sc-degrees").addEventListener("click", (event) => {
  const button = event.target.closest(".sc-remove-degree");
  if (!button) return;
  button.closest(".sc-degree").remove();
  questionnaire.numberDegrees();
  questionnaire.refresh(questionnaire.read());
  saveSoon();
  $("sc-add-degree").focus();
});

function restore() {
  const stored = loadStored(storageKey);
  if (!(stored && stored.answers && typeof stored.answers === "object")) {
    // a first visit: the form is as built (its first step, nothing answered, nothing shown
    // that depends on an answer); answers the browser itself refilled are taken in when idle
    history.replaceState({ selfcheck: current }, "");
    whenIdle(() => questionnaire.refresh(questionnaire.read()));
    startUnlessSavingData(() => whenReading(() => runtime.start())); // or when the rules are asked
    return;
  }
  questionnaire.numberDegrees();
  try {
    questionnaire.write(stored.answers);
  } catch {
    questionnaire.write({});
  }
  const all = questionnaire.read();
  questionnaire.refresh(all);
  const asked = askedSteps(all);
  // back where the person was; what is missing is asked for when they continue
  current = stored && (asked.includes(stored.step) || stored.step === "review") ? stored.step : asked[0];
  for (const node of form.querySelectorAll(".sc-step")) node.classList.toggle("sc-step--current", node.dataset.step === current);
  if (current === "review") renderSummary(questionnaire, questionnaire.resolve(all), $("sc-summary-list"), true);
  history.replaceState({ selfcheck: current }, "");
  startUnlessSavingData(() => runtime.start()); // who has answered before soon asks for the answer
}
restore();

/* ---- save, load, clear ---- */
const filesStatus = $("sc-files-status");

$("sc-save").addEventListener("click", () => {
  const resolved = questionnaire.resolve(questionnaire.read());
  download(toContract(questionnaire, resolved), SAVE_NAME);
  filesStatus.dataset.state = "ok";
  filesStatus.textContent = `已生成文件“${SAVE_NAME}”，请在浏览器的下载中查看。`;
});

const loadInput = $("sc-load");
loadInput.addEventListener("change", async () => {
  const file = loadInput.files && loadInput.files[0];
  loadInput.value = "";
  if (!file) return;
  // a new action's own status at once: what an earlier save, load or clear said is gone
  filesStatus.dataset.state = "busy";
  filesStatus.textContent = `正在载入“${file.name}”…`;
  try {
    const data = await readJsonFile(file);
    const problems = checkFits(questionnaire, data);
    if (problems.length) {
      filesStatus.dataset.state = "error";
      filesStatus.textContent = `无法载入“${file.name}”：` + problems.map((p) => p.message).join("；");
      return;
    }
    questionnaire.write(fromContract(questionnaire, data));
    const all = questionnaire.read();
    await prejudge(all, false).catch(() => {});
    questionnaire.refresh(all);
    clearErrors();
    returnToReview = true;
    const step = firstIncomplete(all);
    const left = questionnaire.problems(askedSteps(all), all).length;
    filesStatus.dataset.state = "ok";
    filesStatus.textContent = left
      ? `已载入“${file.name}”。文件里没有的问题还需要回答（${left} 项）。`
      : `已载入“${file.name}”。请核对回答后查看结果。`;
    show(step);
  } catch (error) {
    filesStatus.dataset.state = "error";
    filesStatus.textContent = `无法载入“${file.name}”：${error.message}`;
  }
});

function clearAll(message) {
  checks += 1;
  forget(storageKey);
  questionnaire.write({});
  questionnaire.refresh({});
  clearErrors();
  returnToReview = false;
  answerBody.replaceChildren();
  answerBody.dataset.state = "empty";
  $("sc-report").value = "";
  $("sc-report").dispatchEvent(new Event("input"));
  $("sc-photo").value = "";
  $("sc-photo-result").replaceChildren();
  delete $("sc-photo-result").dataset.state;
  filesStatus.dataset.state = "ok";
  filesStatus.textContent = message;
  show(description.steps[0].id, { focus: false });
}
$("sc-clear").addEventListener("click", () => clearAll("已清除本浏览器中保存的填写。"));

/* ---- photo and 述职 ---- */
wirePhoto($("sc-photo"), $("sc-photo-result"), runtime, description.photo.max_bytes_exclusive);
wireSelfReport($("sc-report"), $("sc-report-count"));

/* every listener is attached: tools (and the benchmark) may use the page from here on */
form.dataset.wired = "true";
