/* "您的回答": one row per question group of the form, each with a change link to its first
 * control (the check-your-answers pattern). Built from the form's own labels. */

const NONE = "未填写";

function text(element) {
  return element ? element.textContent.trim() : "";
}

function formatDate(value) {
  const [y, m, d] = value.split("-").map(Number);
  return `${y}年${m}月${d}日`;
}

function labelOf(form, input) {
  return text(form.querySelector(`label[for="${input.id}"]`));
}

function radioAnswer(form, container) {
  const checked = container.querySelector("input:checked");
  return checked ? labelOf(form, checked) : NONE;
}

function describeGroup(form, group) {
  const kind = group.dataset.summary;
  const lines = [];
  if (kind === "education") {
    for (const row of group.querySelectorAll(".sc-degree")) {
      const level = row.querySelector(".sc-level");
      if (!level.value) continue;
      const parts = [level.options[level.selectedIndex].text];
      parts.push(row.querySelector(".sc-engineering").checked ? "工程技术类" : "非工程技术类");
      parts.push(row.querySelector(".sc-related").checked ? "专业一致或相近" : "专业不一致也不相近");
      lines.push(parts.join("，"));
    }
  } else if (kind === "radios") {
    lines.push(radioAnswer(form, group));
  } else if (kind === "dates") {
    const input = group.querySelector("input[type=date]");
    lines.push(input.value ? formatDate(input.value) : NONE);
  } else if (kind === "mixed") {
    for (const part of group.querySelectorAll(".sc-radios, .sc-field, .sc-checkboxes")) {
      if (part.classList.contains("sc-radios")) {
        const question = document.getElementById(part.getAttribute("aria-labelledby"));
        lines.push(`${text(question)}${radioAnswer(form, part)}`);
      } else if (part.classList.contains("sc-checkboxes")) {
        const question = document.getElementById(part.getAttribute("aria-labelledby"));
        const chosen = [...part.querySelectorAll("input:checked")].map((i) => labelOf(form, i));
        lines.push(`${text(question)}：${chosen.length ? chosen.join("；") : "无"}`);
      } else {
        const input = part.querySelector("input[type=date]");
        if (input) lines.push(`${labelOf(form, input)}：${input.value ? formatDate(input.value) : NONE}`);
      }
    }
  } else if (kind === "assessments") {
    for (const select of group.querySelectorAll("select[data-year]")) {
      const answer = select.value ? select.options[select.selectedIndex].text : NONE;
      lines.push(`${select.dataset.year} 年度：${answer}`);
    }
  } else if (kind === "hours") {
    for (const row of group.querySelectorAll("tbody tr")) {
      const year = text(row.querySelector("th"));
      const [professional, pub, total] = [...row.querySelectorAll("input")].map((i) => i.value);
      if (!professional && !pub && !total) {
        lines.push(`${year} 年：${NONE}`);
        continue;
      }
      const sum = total || String((Number(professional) || 0) + (Number(pub) || 0));
      lines.push(`${year} 年：专业科目 ${professional || 0}，公需科目 ${pub || 0}，合计 ${sum}`);
    }
  }
  return lines.length ? lines : [NONE];
}

/** Fill the <dl> with the current answers. */
export function renderSummary(form, list) {
  list.replaceChildren();
  for (const group of form.querySelectorAll("fieldset.sc-group")) {
    const legend = text(group.querySelector("legend"));
    const row = document.createElement("div");
    row.className = "sc-summary-row";
    const dt = document.createElement("dt");
    dt.textContent = legend;
    const dd = document.createElement("dd");
    for (const line of describeGroup(form, group)) {
      const p = document.createElement("p");
      p.textContent = line;
      dd.append(p);
    }
    const action = document.createElement("dd");
    action.className = "sc-summary-action";
    const first = group.querySelector("input:not([type=hidden]), select, textarea");
    const link = document.createElement("a");
    link.href = "#" + (first ? first.id : group.id);
    link.className = "sc-change";
    link.dataset.target = first ? first.id : "";
    link.textContent = "修改";
    const hidden = document.createElement("span");
    hidden.className = "sc-visually-hidden";
    hidden.textContent = legend;
    link.append(hidden);
    action.append(link);
    row.append(dt, dd, action);
    list.append(row);
  }
}
