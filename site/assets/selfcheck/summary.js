/* "检查您的回答": one row per asked question, in order, each with a 修改 link to its step and
 * control (the check-your-answers pattern); the printed result carries the same rows. */

import { formatDate } from "./questions.js";

function optionLabel(q, value) {
  const options = [...(q.options || []), ...(q.none ? [q.none] : [])];
  const option = options.find((o) => String(o.value) === String(value));
  if (!option) return String(value);
  return option.title ? `条件${option.value}：${option.title}` : option.label;
}

/** The lines that state one answer. */
export function answerLines(questionnaire, q, value) {
  switch (q.kind) {
    case "choice":
    case "select":
      return [optionLabel(q, value)];
    case "multi":
      return value.map((v) => optionLabel(q, v));
    case "date":
      return [formatDate(value)];
    case "degrees": {
      const parts = q.parts;
      return value
        .filter((row) => row.level)
        .map((row) => {
          const words = [optionLabel(q, row.level)];
          for (const [name, part] of Object.entries(parts)) {
            if (!questionnaire.partAsked(name, row) || !row[name]) continue;
            words.push(`${part.label.replace(/？$/, "")}：${row[name] === "yes" ? "是" : "否"}`);
          }
          return words.join("；");
        });
    }
    case "grades":
      return q.years.map((year) => `${year}年度：${value[year] ? optionLabel(q, value[year]) : "未回答"}`);
    case "hours":
      return q.years.map((year) => {
        const entry = value[year] || {};
        const parts = q.parts.map((part) => {
          const hours = entry[part.id];
          if (hours !== undefined) return `${part.label}${hours}`;
          return part.optional ? "" : `${part.label}未填写`;
        });
        return `${year}年：${parts.filter(Boolean).join("，")}`;
      });
    case "scores": {
      const lines = q.items.filter((item) => value[item.id] !== undefined).map((item) => `${item.label}：${value[item.id]}分`);
      const total = Object.values(value).map(Number).reduce((a, b) => a + b, 0);
      return Number.isFinite(total) ? [...lines, `${q.total_label}：${Number(total.toFixed(2))}分`] : lines;
    }
    default:
      return [String(value)];
  }
}

/** The control a 修改 link goes to. */
export function firstControl(q) {
  if (q.kind === "choice" || q.kind === "multi") return `sc-${q.id}-${q.options[0].value}`;
  if (q.kind === "degrees") return "sc-education-0-level";
  if (q.kind === "grades") return `sc-${q.id}-${q.years[0]}`;
  if (q.kind === "hours") return `sc-${q.id}-${q.years[0]}-${q.parts[0].id}`;
  if (q.kind === "scores") return `sc-${q.id}-${q.items[0].id}`;
  return "sc-" + q.id;
}

/** Fill the <dl> with the asked answers (`changeLinks`: with 修改 links). */
export function renderSummary(questionnaire, resolved, list, changeLinks) {
  list.replaceChildren();
  for (const [id, { question: q, step }] of questionnaire.questions) {
    if (!resolved.asked.has(id) || resolved.answers[id] === undefined) continue;
    const row = document.createElement("div");
    row.className = "sc-summary-row";
    row.dataset.q = id;
    const dt = document.createElement("dt");
    dt.textContent = q.label;
    const dd = document.createElement("dd");
    for (const line of answerLines(questionnaire, q, resolved.answers[id])) {
      const p = document.createElement("p");
      p.textContent = line;
      dd.append(p);
    }
    row.append(dt, dd);
    if (changeLinks) {
      const action = document.createElement("dd");
      action.className = "sc-summary-action";
      const link = document.createElement("a");
      link.href = "#" + firstControl(q);
      link.className = "sc-change";
      link.dataset.step = step.id;
      link.dataset.target = firstControl(q);
      link.textContent = "修改";
      const hidden = document.createElement("span");
      hidden.className = "sc-visually-hidden";
      hidden.textContent = q.label;
      link.append(hidden);
      action.append(link);
      row.append(action);
    }
    list.append(row);
  }
}
