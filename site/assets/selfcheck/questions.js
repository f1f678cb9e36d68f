/* The page's answers to the questions of rules_py.form.describe() (the JSON block #sc-form-data):
 * reading and writing the form, which questions the answers so far make relevant, and what is
 * still unanswered or wrong. No rule of the notice is written here: conditions, options,
 * dates and limits all come from the description.
 *
 * Answers: {qid: value}; choice/select/date: a string; multi: an array of option values (as
 * strings); degrees: [{level, engineering, related}] ("yes"/"no"); grades: {year: grade};
 * hours: {year: {part: "number as typed"}}; scores: {item: "number as typed"}. Unanswered:
 * absent. */

const $ = (id) => document.getElementById(id);

export function formatDate(value) {
  const [y, m, d] = value.split("-").map(Number);
  return `${y}年${m}月${d}日`;
}

/** Today as YYYY-MM-DD on the visitor's clock. */
export function today() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export class Questionnaire {
  constructor(form, description) {
    this.form = form;
    this.description = description;
    this.steps = description.steps;
    this.questions = new Map();
    for (const step of this.steps) {
      for (const question of step.questions) this.questions.set(question.id, { question, step });
    }
    this.degreeQuestion = [...this.questions.values()].find(({ question }) => question.kind === "degrees")?.question;
    /* What the rules found for earlier answers (route_meets): JSON of the answers so far ->
     * the routes that meet. Filled by the page from its worker (judged()). */
    this.verdicts = new Map();
  }

  /** Remember which routes the rules find met for these answers so far. */
  judged(answersSoFar, meeting) {
    this.verdicts.set(JSON.stringify(answersSoFar), meeting);
  }

  /** The first step with a route_meets condition whose answers so far the rules have not
   * judged yet: {step, answers}, or null. */
  awaitingRules(all) {
    let pending = null;
    this.resolve(all, (step, answersSoFar) => {
      if (!pending && !this.verdicts.has(JSON.stringify(answersSoFar))) pending = { step, answers: { ...answersSoFar } };
    });
    return pending;
  }

  /* ---- reading and writing controls ---- */

  read() {
    const answers = {};
    for (const { question: q } of this.questions.values()) {
      const value = this.readOne(q);
      if (value !== undefined) answers[q.id] = value;
    }
    return answers;
  }

  readOne(q) {
    const form = this.form;
    switch (q.kind) {
      case "choice": {
        const checked = form.querySelector(`input[name="${q.id}"]:checked`);
        return checked ? checked.value : undefined;
      }
      case "select":
      case "date": {
        const control = $("sc-" + q.id);
        return control.value || undefined;
      }
      case "multi": {
        const values = [...form.querySelectorAll(`input[name="${q.id}"]:checked`)].map((i) => i.value);
        return values.length ? values : undefined;
      }
      case "degrees": {
        const rows = this.degreeRows().map((row) => {
          const entry = {};
          for (const control of row.querySelectorAll(".sc-degree-part")) {
            if (control.type === "radio") {
              if (control.checked) entry[control.dataset.part] = control.value;
            } else if (control.value) entry[control.dataset.part] = control.value;
          }
          return entry;
        });
        return rows.some((r) => Object.keys(r).length) ? rows : undefined;
      }
      case "grades": {
        const grades = {};
        for (const year of q.years) {
          const value = $(`sc-${q.id}-${year}`).value;
          if (value) grades[year] = value;
        }
        return Object.keys(grades).length ? grades : undefined;
      }
      case "hours": {
        const hours = {};
        for (const input of form.querySelectorAll(`input.sc-hours[name^="${q.id}."]`)) {
          if (input.value === "" && !input.validity.badInput) continue;
          const entry = (hours[input.dataset.year] ||= {});
          entry[input.dataset.part] = input.validity.badInput ? "?" : input.value;
        }
        return Object.keys(hours).length ? hours : undefined;
      }
      case "scores": {
        const scores = {};
        for (const item of q.items) {
          const input = $(`sc-${q.id}-${item.id}`);
          if (input.validity.badInput) scores[item.id] = "?";
          else if (input.value !== "") scores[item.id] = input.value;
        }
        return Object.keys(scores).length ? scores : undefined;
      }
      default:
        return undefined;
    }
  }

  /** Show exactly these answers (the form is cleared first). */
  write(answers) {
    this.form.reset();
    this.setDegrees(answers.education || []);
    for (const { question: q } of this.questions.values()) {
      const value = answers[q.id];
      if (value === undefined || q.kind === "degrees") continue;
      if (q.kind === "choice" || q.kind === "multi") {
        const chosen = new Set([].concat(value).map(String));
        for (const input of this.form.querySelectorAll(`input[name="${q.id}"]`)) input.checked = chosen.has(input.value);
      } else if (q.kind === "select" || q.kind === "date") {
        $("sc-" + q.id).value = value;
      } else if (q.kind === "grades") {
        for (const [year, grade] of Object.entries(value)) {
          const select = $(`sc-${q.id}-${year}`);
          if (select) select.value = grade;
        }
      } else if (q.kind === "scores") {
        for (const [item, number] of Object.entries(value)) {
          const input = $(`sc-${q.id}-${item}`);
          if (input) input.value = number;
        }
      } else if (q.kind === "hours") {
        for (const [year, entry] of Object.entries(value)) {
          for (const [part, number] of Object.entries(entry)) {
            const input = $(`sc-${q.id}-${year}-${part}`);
            if (input) input.value = number;
          }
        }
      }
    }
  }

  /* ---- the repeating degree group ---- */

  degreeRows() {
    return [...this.form.querySelectorAll("#sc-degrees .sc-degree")];
  }

  numberDegrees() {
    const rows = this.degreeRows();
    rows.forEach((row, i) => {
      row.dataset.index = String(i);
      row.querySelector(".sc-degree-title").textContent = `第 ${i + 1} 个学历（学位）`;
      for (const control of row.querySelectorAll(".sc-degree-part")) {
        const part = control.dataset.part;
        const id = control.type === "radio" ? `sc-education-${i}-${part}-${control.value}` : `sc-education-${i}-${part}`;
        const label = control.id ? row.querySelector(`label[for="${control.id}"]`) : null;
        control.id = id;
        if (label) label.htmlFor = id;
        if (control.type === "radio") control.name = `education-${i}-${part}`;
      }
      for (const slot of row.querySelectorAll(".sc-error-message")) slot.id = `sc-education-${i}-${slot.dataset.error}-error`;
      const remove = row.querySelector(".sc-remove-degree");
      remove.hidden = rows.length === 1;
      remove.setAttribute("aria-label", `删除第 ${i + 1} 个学历（学位）`);
    });
  }

  addDegree() {
    const template = $("sc-degree-template");
    const row = template.content.firstElementChild.cloneNode(true);
    this.form.querySelector("#sc-degrees").append(row);
    this.numberDegrees();
    return row;
  }

  setDegrees(degrees) {
    for (const extra of this.degreeRows().slice(Math.max(1, degrees.length))) extra.remove();
    while (this.degreeRows().length < Math.max(1, degrees.length)) this.addDegree();
    this.numberDegrees();
    this.degreeRows().forEach((row, i) => {
      const degree = degrees[i] || {};
      for (const control of row.querySelectorAll(".sc-degree-part")) {
        const value = degree[control.dataset.part];
        if (control.type === "radio") control.checked = value === control.value;
        else control.value = value || "";
      }
    });
  }

  /* ---- what the answers make relevant ---- */

  pageOnlyLevels() {
    return new Set((this.degreeQuestion?.options || []).filter((o) => o.page_only).map((o) => o.value));
  }

  /** Whether `condition` holds for `answers` (`row`: the degree row a part condition is about). */
  holds(condition, answers, row = null) {
    if (!condition) return true;
    if (condition.all) return condition.all.every((c) => this.holds(c, answers, row));
    if (condition.any) return condition.any.some((c) => this.holds(c, answers, row));
    if (condition.not) return !this.holds(condition.not, answers, row);
    if (condition.route_meets) {
      const meeting = this.verdicts.get(JSON.stringify(answers));
      return Boolean(meeting) && condition.route_meets.some((r) => meeting.includes(r));
    }
    if (condition.q !== undefined) {
      const value = answers[condition.q];
      if (condition.is) return value !== undefined && condition.is.map(String).includes(String(value));
      if (condition.includes_any) {
        const wanted = condition.includes_any.map(String);
        return Array.isArray(value) && value.some((v) => wanted.includes(String(v)));
      }
      return false;
    }
    const rows = this.contractDegrees(answers.education || []);
    const matches = (degree, pattern) =>
      Object.entries(pattern).every(([key, values]) => values.map(String).includes(String(degree[key])));
    if (condition.degree_any) return rows.some((d) => matches(d, condition.degree_any));
    if (condition.degree_all) return rows.length > 0 && rows.every((d) => matches(d, condition.degree_all));
    if (row) return matches(row, condition);
    return false;
  }

  /** Degree rows with a level that is a degree of the contract (not 高中、技校). */
  contractDegrees(rows) {
    const pageOnly = this.pageOnlyLevels();
    return rows.filter((r) => r.level && !pageOnly.has(r.level));
  }

  /** Whether a part of a degree row is asked for that row. */
  partAsked(name, row) {
    const part = this.degreeQuestion.parts[name];
    return Boolean(row.level) && this.holds(part.when, {}, row) && !(part.implied && row.level in part.implied);
  }

  /**
   * The answers of the questions that are asked, in order, and where the check stops:
   * {answers, steps: [step ids asked], asked: Set(qid), stop: {question, option} | null}.
   * A question is asked when its step's condition and its own hold for the answers before it;
   * after an answer that ends the check (a scope answer with `stop`) nothing more is asked.
   */
  resolve(all, onRulesCondition = null) {
    const answers = {};
    const steps = [];
    const asked = new Set();
    let stop = null;
    for (const step of this.steps) {
      if (stop) continue;
      if (onRulesCondition && JSON.stringify(step.when || {}).includes('"route_meets"')) onRulesCondition(step.id, answers);
      if (!this.holds(step.when, answers)) continue;
      steps.push(step.id);
      for (const q of step.questions) {
        if (!this.holds(q.when, answers)) continue;
        asked.add(q.id);
        if (all[q.id] === undefined) continue;
        answers[q.id] = all[q.id];
        const option = (q.options || []).find((o) => o.stop && String(o.value) === String(all[q.id]));
        if (option && !stop) stop = { question: q, option };
      }
    }
    return { answers, steps, asked, stop };
  }

  /** What the page said about the answers given (option notes, e.g. that 技师 does not qualify). */
  notesFor(resolved) {
    const notes = [];
    for (const id of resolved.asked) {
      const { question: q } = this.questions.get(id);
      const chosen = [].concat(resolved.answers[id] ?? []).map(String);
      for (const option of q.options || []) if (option.note && chosen.includes(String(option.value))) notes.push(option.note);
    }
    return notes;
  }

  /** Hide what is not asked, show what is (questions, degree parts, option notes). */
  refresh(all) {
    const { asked } = this.resolve(all);
    for (const { question: q } of this.questions.values()) {
      const box = $("sc-q-" + q.id);
      if (box) box.hidden = !asked.has(q.id);
    }
    if (this.degreeQuestion) {
      const rows = this.degreeRows();
      (all.education || []).forEach((row, i) => {
        if (!rows[i]) return;
        for (const box of rows[i].querySelectorAll(".sc-degree-question")) box.hidden = !this.partAsked(box.dataset.part, row);
      });
      rows.slice((all.education || []).length).forEach((r) => {
        for (const box of r.querySelectorAll(".sc-degree-question")) box.hidden = true;
      });
    }
    for (const note of this.form.querySelectorAll("[data-note-for]")) note.hidden = !$(note.dataset.noteFor).checked;
    this.refreshDateNotes();
    this.refreshTotals(all);
  }

  /** The running total of a scores question, beside the pass mark (the rules judge it). */
  refreshTotals(all) {
    for (const { question: q } of this.questions.values()) {
      if (q.kind !== "scores") continue;
      const numbers = Object.values(all[q.id] || {}).map(Number);
      const known = numbers.length && numbers.every(Number.isFinite);
      const total = known ? numbers.reduce((a, b) => a + b, 0) : null;
      const shown = total === null ? "—" : `${Number(total.toFixed(2))}分`;
      $(`sc-${q.id}-total`).textContent = `${q.total_label}：${shown}（合格线${q.pass_mark}分）`;
    }
  }

  /** A date after the counting date is said at once beside the field (not an error). */
  refreshDateNotes() {
    const notice = this.description.notice;
    for (const { question: q } of this.questions.values()) {
      if (q.kind !== "date") continue;
      const input = $("sc-" + q.id);
      const note = $(`sc-${q.id}-note`);
      const late = input.value && input.value > notice.counted_to && input.value <= today();
      note.hidden = !late;
      note.textContent = late
        ? `这一日期晚于年限计算截止日（${notice.counted_to_text}），按${notice.edition}的条件不计入年限。`
        : "";
    }
  }

  /* ---- what is missing or wrong ---- */

  /** [{id, message}] for the asked questions of these steps: unanswered or not valid. */
  problems(stepIds, all) {
    const { asked } = this.resolve(all);
    const found = [];
    for (const step of this.steps) {
      if (!stepIds.includes(step.id)) continue;
      for (const q of step.questions) {
        if (asked.has(q.id)) found.push(...this.problemsOf(q, all[q.id]));
      }
    }
    return found;
  }

  problemsOf(q, value) {
    const first = (q.kind === "choice" || q.kind === "multi") ? `sc-${q.id}-${q.options[0].value}` : "sc-" + q.id;
    switch (q.kind) {
      case "choice":
      case "select":
        return value === undefined ? [{ id: first, message: `请回答：${q.label}` }] : [];
      case "multi":
        return value === undefined
          ? [{ id: first, message: `请回答：${q.label}${q.none ? `（没有的请选“${q.none.label}”）` : ""}` }]
          : [];
      case "date":
        return this.dateProblems(q);
      case "degrees":
        return this.degreeProblems(value || []);
      case "grades":
        return q.years
          .filter((year) => !(value && value[year]))
          .map((year) => ({ id: `sc-${q.id}-${year}`, message: `请选择${year}年度的考核结果` }));
      case "hours":
        return this.hourProblems(q, value || {});
      case "scores":
        return this.scoreProblems(q, value || {});
      default:
        return [];
    }
  }

  dateProblems(q) {
    const input = $("sc-" + q.id);
    const id = input.id;
    if (input.validity.badInput) return [{ id, message: `${q.label}不是完整的日期，请填写年、月、日` }];
    if (!input.value) return [{ id, message: `请填写：${q.label}` }];
    if (input.value > today()) return [{ id, message: `${q.label}不能晚于今天，请填写已经发生的日期` }];
    if (input.value < this.description.earliest_date) {
      return [{ id, message: `${q.label}不能早于${formatDate(this.description.earliest_date)}，请检查年份` }];
    }
    return [];
  }

  degreeProblems(rows) {
    const found = [];
    const filled = rows.filter((r) => Object.keys(r).length);
    if (!filled.length) return [{ id: "sc-education-0-level", message: "请选择第 1 个学历（学位）的学历层次" }];
    rows.forEach((row, i) => {
      if (!Object.keys(row).length) return;
      if (!row.level) {
        found.push({ id: `sc-education-${i}-level`, message: `请选择第 ${i + 1} 个学历（学位）的学历层次` });
        return;
      }
      for (const [name, part] of Object.entries(this.degreeQuestion.parts)) {
        if (this.partAsked(name, row) && !row[name]) {
          found.push({ id: `sc-education-${i}-${name}-yes`, message: `请回答第 ${i + 1} 个学历（学位）：${part.label}` });
        }
      }
    });
    return found;
  }

  scoreProblems(q, value) {
    const found = [];
    for (const item of q.items) {
      const id = `sc-${q.id}-${item.id}`;
      const text = value[item.id];
      const number = Number(text);
      if (text === undefined) found.push({ id, message: `请填写${item.label}的自评得分（没有得分的填0）` });
      else if (!Number.isFinite(number)) found.push({ id, message: `${item.label}的自评得分应为数字` });
      else if (number < 0 || number > item.max) found.push({ id, message: `${item.label}的自评得分应在0–${item.max}分之间` });
    }
    return found;
  }

  hourProblems(q, value) {
    const found = [];
    for (const year of q.years) {
      for (const part of q.parts) {
        const id = `sc-${q.id}-${year}-${part.id}`;
        const input = $(id);
        const text = (value[year] || {})[part.id];
        const label = `${year}年${part.label}学时`;
        if (input.validity.badInput || (text !== undefined && !Number.isFinite(Number(text)))) {
          found.push({ id, message: `${label}应为数字` });
        } else if (text !== undefined && Number(text) < 0) {
          found.push({ id, message: `${label}不能为负数` });
        } else if (text === undefined && !part.optional) {
          found.push({ id, message: `请填写${label}（没有的填0）` });
        }
      }
    }
    return found;
  }
}
