/* The form's answers as the contract's input object (the JSON that `python -m rules_py check`
 * reads), and back: readAnswers(form), writeAnswers(form, data), validateForm(form). */

const BOOLEANS = [
  "registered_qualification",
  "retraining_certificate",
  "practice_qualification",
  "other_senior_title",
];
const DATES = [
  "engineer_qualified_on",
  "intermediate_appointed_on",
  "field_work_since",
  "senior_technician_on",
  "engineering_work_since",
];
const HOUR_KINDS = ["professional", "public", "total"];
const KNOWN = new Set([
  "notice",
  "education",
  ...BOOLEANS,
  ...DATES,
  "skill_honours",
  "exceptional_conditions",
  "assessments",
  "continuing_education",
]);
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/* ---- degrees: a repeating group of fieldsets made from a <template> ---- */

function degreeRows(form) {
  return [...form.querySelectorAll("#sc-degrees .sc-degree")];
}

function numberDegrees(form) {
  const rows = degreeRows(form);
  rows.forEach((row, i) => {
    const base = `sc-education-${i}`;
    row.querySelector(".sc-degree-title").textContent = `第 ${i + 1} 个学历（学位）`;
    const parts = [
      [".sc-level", ".sc-level-label", "level"],
      [".sc-engineering", ".sc-engineering-label", "engineering"],
      [".sc-related", ".sc-related-label", "related"],
    ];
    for (const [control, label, key] of parts) {
      row.querySelector(control).id = `${base}-${key}`;
      row.querySelector(label).htmlFor = `${base}-${key}`;
    }
    const error = row.querySelector(".sc-error-message");
    error.id = `${base}-level-error`;
    const remove = row.querySelector(".sc-remove-degree");
    remove.hidden = rows.length === 1;
    remove.setAttribute("aria-label", `删除第 ${i + 1} 个学历（学位）`);
  });
}

function setDegree(row, degree) {
  row.querySelector(".sc-level").value = degree.level || "";
  row.querySelector(".sc-engineering").checked = degree.engineering === true;
  row.querySelector(".sc-related").checked = degree.related === true;
}

/** Add an empty degree row (from the page's <template>) and return it. */
export function addDegree(form) {
  const template = document.getElementById("sc-degree-template");
  const row = template.content.firstElementChild.cloneNode(true);
  form.querySelector("#sc-degrees").append(row);
  numberDegrees(form);
  return row;
}

/** Show exactly these degrees (at least one row, empty when none); rows are reused. */
function setDegrees(form, degrees) {
  let rows = degreeRows(form);
  for (const extra of rows.slice(Math.max(1, degrees.length))) extra.remove();
  while (degreeRows(form).length < Math.max(1, degrees.length)) addDegree(form);
  rows = degreeRows(form);
  rows.forEach((row, i) => setDegree(row, degrees[i] || {}));
  numberDegrees(form);
}

/** The remove buttons of every degree row, now and later. */
export function wireDegrees(form, onChange) {
  numberDegrees(form);
  form.querySelector("#sc-degrees").addEventListener("click", (event) => {
    const button = event.target.closest(".sc-remove-degree");
    if (!button) return;
    button.closest(".sc-degree").remove();
    numberDegrees(form);
    onChange();
    form.querySelector("#sc-add-degree").focus();
  });
}

/* ---- reading ---- */

function checkedValues(form, name) {
  return [...form.querySelectorAll(`input[name="${name}"]:checked`)].map((input) => input.value);
}

function hoursValue(input) {
  if (input.value === "") return undefined;
  return Number(input.value);
}

/** The contract's input object for the current answers (unanswered questions left out). */
export function readAnswers(form) {
  const data = { notice: form.dataset.notice };
  const education = degreeRows(form)
    .map((row) => ({
      level: row.querySelector(".sc-level").value,
      engineering: row.querySelector(".sc-engineering").checked,
      related: row.querySelector(".sc-related").checked,
    }))
    .filter((degree) => degree.level);
  if (education.length) data.education = education;
  for (const name of BOOLEANS) {
    const [value] = checkedValues(form, name);
    if (value !== undefined) data[name] = value === "true";
  }
  for (const name of DATES) {
    const value = form.elements[name].value;
    if (value) data[name] = value;
  }
  const honours = checkedValues(form, "skill_honours");
  if (honours.length) data.skill_honours = honours;
  const conditions = checkedValues(form, "exceptional_conditions").map(Number);
  if (conditions.length) data.exceptional_conditions = conditions;
  const assessments = {};
  for (const select of form.querySelectorAll("select[data-year]")) {
    if (select.value) assessments[select.dataset.year] = select.value;
  }
  if (Object.keys(assessments).length) data.assessments = assessments;
  const hours = {};
  for (const input of form.querySelectorAll("input.sc-hours")) {
    const [, year, kind] = input.name.split(".");
    const value = hoursValue(input);
    if (value === undefined) continue;
    hours[year] = hours[year] || {};
    hours[year][kind] = value;
  }
  const years = Object.keys(hours).sort();
  if (years.length) {
    data.continuing_education = {};
    for (const year of years) {
      const entry = {};
      for (const kind of HOUR_KINDS) if (kind in hours[year]) entry[kind] = hours[year][kind];
      data.continuing_education[year] = entry;
    }
  }
  return data;
}

/* ---- checking what the browser can already tell ---- */

/** [{id, message}] for answers the form can see are wrong, in page order. */
export function validateForm(form) {
  const errors = [];
  degreeRows(form).forEach((row, i) => {
    const level = row.querySelector(".sc-level");
    const ticked = row.querySelector(".sc-engineering").checked || row.querySelector(".sc-related").checked;
    if (!level.value && ticked) {
      errors.push({ id: level.id, message: `请选择第 ${i + 1} 个学历（学位）的学历层次` });
    }
  });
  for (const name of DATES) {
    const input = form.elements[name];
    const label = form.querySelector(`label[for="${input.id}"]`).textContent;
    if (input.validity.badInput) {
      errors.push({ id: input.id, message: `${label}不是完整的日期，请填写年、月、日` });
    } else if (input.value && (input.value < "1900-01-01" || input.value > "2099-12-31")) {
      errors.push({ id: input.id, message: `${label}应在 1900 年到 2099 年之间` });
    }
  }
  for (const input of form.querySelectorAll("input.sc-hours")) {
    const label = form.querySelector(`label[for="${input.id}"]`).textContent;
    if (input.validity.badInput || (input.value !== "" && !Number.isFinite(Number(input.value)))) {
      errors.push({ id: input.id, message: `${label}应为数字` });
    } else if (input.value !== "" && Number(input.value) < 0) {
      errors.push({ id: input.id, message: `${label}不能为负数` });
    }
  }
  return errors;
}

/* ---- writing (restoring from this browser or from a file) ---- */

function problem(field, message) {
  return { field, message };
}

/** Problems that stop `data` from being shown in this form ([] when it fits). */
export function checkFits(form, data) {
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    return [problem("$", "文件内容应为一个 JSON 对象（{...}）")];
  }
  const found = [];
  for (const key of Object.keys(data)) {
    if (!KNOWN.has(key)) found.push(problem(key, `无法识别的字段 ${key}`));
  }
  if (data.notice !== undefined && data.notice !== form.dataset.notice) {
    found.push(problem("notice", `文件是另一次评审通知（${data.notice}）的填写，本页只适用于 ${form.dataset.notice}`));
  }
  const levels = new Set([...form.querySelectorAll("#sc-degree-template")].flatMap((t) =>
    [...t.content.querySelectorAll(".sc-level option")].map((o) => o.value).filter(Boolean)));
  if (data.education !== undefined) {
    if (!Array.isArray(data.education)) found.push(problem("education", "education 应为列表"));
    else {
      data.education.forEach((degree, i) => {
        if (!degree || typeof degree !== "object" || !levels.has(degree.level)) {
          found.push(problem(`education[${i}].level`, `第 ${i + 1} 个学历的学历层次无法识别`));
        }
      });
    }
  }
  for (const name of BOOLEANS) {
    if (data[name] !== undefined && data[name] !== null && typeof data[name] !== "boolean") {
      found.push(problem(name, `${name} 应为 true 或 false`));
    }
  }
  for (const name of DATES) {
    const value = data[name];
    if (value !== undefined && value !== null && !(typeof value === "string" && DATE_PATTERN.test(value))) {
      found.push(problem(name, `${name} 应为 YYYY-MM-DD 格式的日期`));
    }
  }
  const choices = (name) => new Set(checkboxValues(form, name));
  for (const name of ["skill_honours", "exceptional_conditions"]) {
    const value = data[name];
    if (value === undefined || value === null) continue;
    const allowed = choices(name);
    if (!Array.isArray(value) || value.some((v) => !allowed.has(String(v)))) {
      found.push(problem(name, `${name} 中有无法识别的选项`));
    }
  }
  const years = (selector, attr) => new Set([...form.querySelectorAll(selector)].map(attr));
  const assessmentYears = years("select[data-year]", (s) => s.dataset.year);
  for (const [year, grade] of Object.entries(data.assessments || {})) {
    const select = form.querySelector(`select[data-year="${year}"]`);
    if (!assessmentYears.has(year) || (grade !== null && ![...select.options].some((o) => o.value && o.value === grade))) {
      found.push(problem(`assessments.${year}`, `assessments 中 ${year} 年度的考核结果无法识别`));
    }
  }
  for (const [year, entry] of Object.entries(data.continuing_education || {})) {
    for (const [kind, value] of Object.entries(entry || {})) {
      const input = form.elements[`continuing_education.${year}.${kind}`];
      if (!input || (value !== null && (typeof value !== "number" || value < 0))) {
        found.push(problem(`continuing_education.${year}.${kind}`, `${year} 年继续教育学时（${kind}）无法识别`));
      }
    }
  }
  return found;
}

function checkboxValues(form, name) {
  return [...form.querySelectorAll(`input[name="${name}"]`)].map((input) => input.value);
}

/** Clear the form to its initial state (one empty degree). */
export function clearForm(form) {
  form.reset();
  setDegrees(form, []);
}

/** Fill the form from a contract input object; call checkFits first. */
export function writeAnswers(form, data) {
  form.reset();
  setDegrees(form, Array.isArray(data.education) ? data.education : []);
  for (const name of BOOLEANS) {
    if (typeof data[name] !== "boolean") continue;
    const input = form.querySelector(`input[name="${name}"][value="${data[name]}"]`);
    input.checked = true;
  }
  for (const name of DATES) if (data[name]) form.elements[name].value = data[name];
  for (const name of ["skill_honours", "exceptional_conditions"]) {
    const chosen = new Set((data[name] || []).map(String));
    for (const input of form.querySelectorAll(`input[name="${name}"]`)) input.checked = chosen.has(input.value);
  }
  for (const [year, grade] of Object.entries(data.assessments || {})) {
    form.querySelector(`select[data-year="${year}"]`).value = grade || "";
  }
  for (const [year, entry] of Object.entries(data.continuing_education || {})) {
    for (const [kind, value] of Object.entries(entry || {})) {
      form.elements[`continuing_education.${year}.${kind}`].value = value === null ? "" : String(value);
    }
  }
}

/** The id of the form control for a field path of the rules' error ("education[0].level"). */
export function controlIdFor(form, path) {
  const id =
    "sc-" +
    String(path)
      .replace(/\[(\d+)\]/g, "-$1")
      .replaceAll(".", "-");
  if (document.getElementById(id)) return id;
  const head = String(path).split(/[.[]/)[0];
  if (!head || head === "$") return "sc-form";
  const first = form.querySelector(
    `[name="${CSS.escape(head)}"], #${CSS.escape("sc-" + head)}, [name^="${CSS.escape(head)}."]`,
  );
  return first ? first.id : "sc-form";
}
