/* The answer: one headline naming the route ("您可以按破格申报"), the reasons for it, what the
 * committee judges (never a ✓), the next steps for that route with their links, the materials
 * to upload; the routes that do not apply folded away, and every reason on request. Or, when
 * the scope questions end the check, "本次评审不适用于您" and why. Words come from the rules'
 * result (reasons, advice, facts) and the form description (labels, next steps, offices). */

import { formatDate, today } from "./questions.js";

export function element(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null) continue;
    if (key === "class") node.className = value;
    else if (key.startsWith("data-") || key.startsWith("aria-")) node.setAttribute(key, value);
    else node[key] = value;
  }
  node.append(...children.filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}

/** A link to a place of the site ("/attachment-5/"), of this page ("#…") or outside (https:). */
export function siteLink(text, href, root, attrs = {}) {
  let target = href;
  if (href.startsWith("/")) target = new URL(href.slice(1), root).href;
  else if (href.startsWith("#")) target = new URL(href, location.href).href;
  return element("a", { href: target, ...attrs }, text);
}

function clauseLink(clause, anchors, root) {
  const target = anchors[clause];
  if (!target) return document.createTextNode(clause);
  return siteLink(clause, target, root, { class: "sc-clause" });
}

const MARKS = {
  ok: ["sc-reason--ok", "✓ 符合"],
  missing: ["sc-reason--missing", "✗ 不符合"],
  committee: ["sc-reason--committee", "待评审委员会认定"],
};

function reasonItem(reason, kind, anchors, root) {
  const [cls, mark] = MARKS[kind];
  return element(
    "li",
    { class: `sc-reason ${cls}`, "data-rule": reason.rule },
    element("span", { class: "sc-mark" }, mark),
    " ",
    reason.message,
    "（",
    clauseLink(reason.clause, anchors, root),
    "）",
  );
}

function reasonList(reasons, anchors, root, committee = new Set()) {
  if (!reasons.length) return null;
  return element(
    "ul",
    { class: "sc-reasons" },
    ...reasons.map((r) => reasonItem(r, committee.has(r.rule) ? "committee" : r.ok ? "ok" : "missing", anchors, root)),
  );
}

/** The reasons that decide a route (the path that met, or the one closest to meeting). */
function deciding(result, name) {
  const wanted = new Set(result.facts[name].rules);
  return result.routes[name].reasons.filter((r) => wanted.has(r.rule));
}

/** What stands in the way of a route: its failed deciding reasons, without the 破格 conditions
 * the person did not claim (they said so a moment ago; the count says what is missing). */
function failed(result, name) {
  const unclaimed = new Set(
    (result.facts[name].conditions || []).filter((c) => c.basis === "not_claimed").map((c) => c.rule),
  );
  return deciding(result, name).filter((r) => !r.ok && !unclaimed.has(r.rule));
}

function committeeRules(result, name) {
  return new Set(result.facts[name].committee);
}

function routeLabel(description, name) {
  const route = description.result.routes.find((r) => r.id === name);
  return route ? route.label : name;
}

function office(description, answers) {
  return description.result.offices[answers.unit] || null;
}

function officeLine(entry, root) {
  if (!entry) return null;
  const contact = [entry.phone ? `电话 ${entry.phone}` : "", entry.address ? `地址 ${entry.address}` : ""];
  return element(
    "span",
    { class: "sc-office" },
    `（${[entry.note || "", ...contact].filter(Boolean).join("；")}；`,
    siteLink("受理部门名录", entry.href, root),
    "）",
  );
}

function nextSteps(description, routes, answers, root) {
  const here = office(description, answers);
  const wanted = new Set(["all", ...routes]);
  const platform = (name) => description.result.routes.find((r) => r.id === name).platform_label;
  const label = routes.map(platform).join("”或“"); // as the platform offers it
  const list = element("ol", { class: "sc-next" });
  let contact = true; // the office's phone and address, said once
  for (const step of description.result.next_steps) {
    if (!step.routes.some((r) => wanted.has(r))) continue;
    const text = step.text.replace("{route}", label).replace("{office}", here ? here.name : "受理部门");
    const item = element("li", { "data-step": step.routes.join(" ") }, text);
    if (step.office && contact) {
      item.append(officeLine(here, root));
      contact = false;
    }
    for (const link of step.links || []) item.append(" ", siteLink(link.text, link.href, root, { class: "sc-next-link" }));
    list.append(item);
  }
  return list;
}

function roundNote(description) {
  const deadline = description.result.closes;
  const notice = description.notice;
  const closed = document.documentElement.dataset.round
    ? ["closed", "over"].includes(document.documentElement.dataset.round)
    : today() > deadline.date;
  if (!closed) return null;
  return element(
    "p",
    { class: "sc-note sc-round-note", id: "sc-round-note" },
    `${notice.edition}的网上个人申报已于${deadline.text}截止；以上结论按${notice.edition}的条件得出，供准备以后年度的申报参考，${description.result.future_caveat}。`,
  );
}

function editionLine(description) {
  const n = description.notice;
  return element(
    "p",
    { class: "sc-edition-note" },
    `按${n.edition}的申报条件（${n.number}）判断，年限计算到${n.counted_to_text}。`,
  );
}

function checklist(description, result, root) {
  if (!result.checklist.length) return null;
  const { clause, anchor } = description.result.uploads;
  return element(
    "section",
    { class: "sc-checklist", id: "sc-checklist" },
    element("h3", {}, "需上传的材料（", siteLink(clause, anchor, root, { class: "sc-clause" }), "）"),
    element(
      "ol",
      { class: "sc-checklist-items" },
      ...result.checklist.map((entry) =>
        element("li", { "data-item": entry.item }, element("span", { class: "sc-item" }, entry.item), " ", entry.text),
      ),
    ),
  );
}

function details(summary, ...children) {
  return element("details", { class: "sc-more" }, element("summary", {}, summary), ...children);
}

function routeSection(description, name, status, reasons, anchors, root, committee) {
  return element(
    "section",
    { class: "sc-route", "data-route": name, "data-status": status },
    element("h4", {}, `${routeLabel(description, name)}：${status === "meets" ? "符合" : "不符合"}`),
    reasonList(reasons, anchors, root, committee),
  );
}

/** A route that does not meet, with what stands in its way. */
function standsInTheWay(description, result, name, anchors, root) {
  return routeSection(description, name, "does_not_meet", failed(result, name), anchors, root, committeeRules(result, name));
}

/** Every route and common condition with all its reasons (the rule-by-rule detail); the common
 * conditions only when they were asked (a route was open). */
function everyReason(description, result, asked, anchors, root) {
  const sections = Object.entries(result.routes).map(([name, route]) =>
    routeSection(description, name, route.status, route.reasons, anchors, root, committeeRules(result, name)),
  );
  for (const [name, part] of asked ? Object.entries(result.common) : []) {
    sections.push(
      element(
        "section",
        { class: "sc-route", "data-route": name, "data-status": part.status },
        element("h4", {}, `${description.result.common_labels[name]}：${part.status === "meets" ? "符合" : "不符合"}`),
        reasonList(part.reasons, anchors, root),
      ),
    );
  }
  return details("逐条核对明细", ...sections);
}

/** A route judged on a self-scored total (积分): the total and the pass mark it reached. */
function scored(facts) {
  const points = facts && facts.points;
  if (!points || points.total === null) return null;
  return `自评积分合计${Number(points.total.toFixed(2))}分，达到合格线${points.pass_mark}分；各项得分由评审委员会对照证明材料核实。`;
}

function headline(description, result, first) {
  const label = (name) => routeLabel(description, name);
  if (result.eligible) {
    const path = result.routes[first].path;
    return [`您可以按${label(first)}`, path ? description.result.paths[path] : scored(result.facts[first])];
  }
  if (first) {
    const failing = Object.entries(result.common).filter(([, c]) => c.status !== "meets");
    return [
      `您暂不能申报：${failing.map(([n]) => description.result.common_labels[n]).join("、")}未达到要求`,
      `您符合${label(first)}的条件，但各申报途径都须满足的条件还有未达到的。`,
    ];
  }
  return [`按您的回答，您暂不符合${description.notice.edition}的申报条件`, null];
}

/** Why the route that meets meets: its deciding reasons and the common conditions met, then
 * what the committee judges (never ✓), then the other routes that meet too. */
function whyItMeets(description, result, meeting, anchors, root) {
  const [first, ...also] = meeting;
  const committee = committeeRules(result, first);
  const reasons = deciding(result, first);
  const common = Object.entries(result.common)
    .filter(([, c]) => c.status === "meets")
    .map(([n, c]) => ({ rule: n, ok: true, message: `${description.result.common_labels[n]}符合要求`, clause: c.reasons[0]?.clause || "" }));
  const judged = reasons.filter((r) => committee.has(r.rule));
  return [
    element("h3", {}, result.eligible ? "为什么" : "已符合的条件"),
    reasonList([...reasons.filter((r) => r.ok && !committee.has(r.rule)), ...common], anchors, root),
    judged.length ? element("h3", {}, "还须评审委员会认定") : null,
    reasonList(judged, anchors, root, committee),
    also.length ? element("p", { class: "sc-also" }, `您也符合${also.map((n) => routeLabel(description, n)).join("、")}的条件。`) : null,
  ];
}

/** Why no route meets: what the page said about the answers (技师 …), then, for each route the
 * answers open, what stands in its way. */
function whyNot(description, result, applies, notes, anchors, root) {
  const names = Object.keys(result.routes);
  const open = names.filter(applies);
  const said = notes.map((note) =>
    element("li", { class: "sc-reason sc-reason--missing" }, element("span", { class: "sc-mark" }, MARKS.missing[1]), " ", note),
  );
  return [
    element("h3", {}, "原因"),
    said.length ? element("ul", { class: "sc-reasons" }, ...said) : null,
    open.length ? null : element("p", {}, `按您的回答，${names.map((n) => routeLabel(description, n)).join("、")}都不适用于您。`),
    ...open.map((name) => standsInTheWay(description, result, name, anchors, root)),
  ];
}

/** The common conditions not met, and for the current year's hours what the notice expects. */
function commonShort(description, result, first, anchors, root) {
  const missing = Object.values(result.common).flatMap((part) => part.reasons.filter((r) => !r.ok));
  if (!missing.length) return [];
  const hours = result.facts.continuing_education;
  const thisYear = hours && hours.short.includes(hours.years.at(-1));
  return [
    element("h3", {}, first ? "还未达到的条件" : "各申报途径都须满足的条件"),
    reasonList(missing, anchors, root),
    thisYear ? element("p", { class: "sc-note" }, description.result.hours_note) : null,
  ];
}

/**
 * Render the rules' result into `body`.
 * `answers`: the page answers (for the office); `applies(route)`: whether the person's answers
 * open that route at all (routes that do not apply are folded away); `notes`: what the page
 * said about the answers given (e.g. that 技师 does not qualify).
 */
export function renderVerdict(body, description, result, anchors, { answers, applies, notes }, root) {
  const names = Object.keys(result.routes);
  const meeting = names.filter((name) => result.routes[name].status === "meets");
  const others = names.filter((name) => !meeting.includes(name));
  const [title, detail] = headline(description, result, meeting[0]);
  body.dataset.eligible = String(result.eligible);
  body.dataset.route = result.eligible ? meeting[0] : "";
  body.replaceChildren(
    element(
      "div",
      { class: `sc-panel ${result.eligible ? "sc-panel--yes" : "sc-panel--no"}`, id: "sc-headline-panel" },
      element("p", { class: "sc-headline", id: "sc-headline" }, title),
      detail ? element("p", { class: "sc-headline-detail" }, detail) : null,
    ),
    editionLine(description),
  );
  // no route open (e.g. 技师 only): the common questions were never asked, so nothing is said
  // about them, nor advised ("未填写…" would judge questions the person was not asked)
  const asked = meeting.length > 0 || names.some(applies);
  const parts = [roundNote(description), ...(asked ? commonShort(description, result, meeting[0], anchors, root) : [])];
  parts.push(...(meeting.length ? whyItMeets(description, result, meeting, anchors, root) : whyNot(description, result, applies, notes, anchors, root)));
  if (!result.eligible && asked && result.advice?.length) {
    parts.push(element("h3", {}, "您还可以"), element("ul", { class: "sc-advice" }, ...result.advice.map((t) => element("li", {}, t))));
  }
  if (result.eligible) {
    parts.push(element("h3", {}, "下一步"), nextSteps(description, meeting, answers, root), checklist(description, result, root));
    if (others.length) {
      const folded = others.map((name) => standsInTheWay(description, result, name, anchors, root));
      parts.push(details(`其他申报途径（${others.map((n) => routeLabel(description, n)).join("、")}）：不适用`, ...folded));
    }
  }
  parts.push(
    everyReason(description, result, asked, anchors, root),
    element("p", { class: "sc-printed" }, `自查日期：${formatDate(today())}。规则版本：${description.notice.rules_version}（${description.notice.number}）。`),
  );
  body.append(...parts.filter(Boolean));
}

/** "本次评审不适用于您" with the reason, without the rules runtime. */
export function renderStop(body, description, stop, root) {
  body.replaceChildren();
  body.dataset.eligible = "false";
  body.dataset.route = "";
  body.append(
    element(
      "div",
      { class: "sc-panel sc-panel--no", id: "sc-headline-panel" },
      element("p", { class: "sc-headline", id: "sc-headline" }, "本次评审不适用于您"),
      element("p", { class: "sc-headline-detail" }, stop.option.stop.reason, "（", siteLink(stop.option.stop.clause, stop.option.stop.anchor, root, { class: "sc-clause" }), "）"),
    ),
    editionLine(description),
    element("p", {}, `您的回答：${stop.question.label}“${stop.option.label}”。如果回答有误，请点“修改回答”。`),
  );
}
