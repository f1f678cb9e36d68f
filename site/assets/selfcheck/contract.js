/* Page answers <-> the eligibility contract's input object (the JSON `python -m rules_py check`
 * reads; the file "保存为文件" writes). Each question names the contract field it fills
 * (`field`); page-only answers (scope, 技师, 高中/技校 …) never reach the file, and when a file
 * is loaded they are derived where the file implies them (`derive`) or asked again. */

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

function yesNo(value) {
  return value === undefined ? undefined : value === "yes";
}

/** The contract input for the asked answers (`resolved` from Questionnaire.resolve). */
export function toContract(questionnaire, resolved) {
  const data = { notice: questionnaire.description.notice.id };
  const { answers } = resolved;
  for (const [id, { question: q }] of questionnaire.questions) {
    if (!q.field || answers[id] === undefined) continue;
    const value = answers[id];
    switch (q.kind) {
      case "choice":
        data[q.field] = yesNo(value);
        break;
      case "date":
        data[q.field] = value;
        break;
      case "multi": {
        const byValue = new Map(q.options.map((o) => [String(o.value), o.value]));
        data[q.field] = value.filter((v) => byValue.has(v)).map((v) => byValue.get(v));
        break;
      }
      case "degrees":
        data[q.field] = questionnaire.contractDegrees(value).map((row) => {
          const degree = { level: row.level };
          for (const [name, part] of Object.entries(q.parts)) {
            const implied = part.implied && part.implied[row.level];
            degree[name] = (implied || row[name]) === "yes";
          }
          return degree;
        });
        if (!data[q.field].length) delete data[q.field];
        break;
      case "grades":
        data[q.field] = { ...value };
        break;
      case "hours": {
        const hours = {};
        for (const year of Object.keys(value).sort()) {
          const entry = {};
          for (const part of q.parts) {
            const text = value[year][part.id];
            if (text !== undefined && text !== "") entry[part.id] = Number(text);
          }
          hours[year] = entry;
        }
        data[q.field] = hours;
        break;
      }
      case "scores": {
        const scores = {};
        for (const item of q.items) if (value[item.id] !== undefined) scores[item.id] = Number(value[item.id]);
        data[q.field] = scores;
        break;
      }
    }
  }
  return data;
}

function problem(field, message) {
  return { field, message };
}

/** Problems that stop `data` from being shown in this form ([] when it fits). */
export function checkFits(questionnaire, data) {
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    return [problem("$", "文件内容应为一个 JSON 对象（{...}）")];
  }
  const notice = questionnaire.description.notice.id;
  const byField = new Map([...questionnaire.questions.values()].filter(({ question: q }) => q.field).map(({ question: q }) => [q.field, q]));
  const found = [];
  for (const [key, value] of Object.entries(data)) {
    if (key === "notice") {
      if (value !== null && value !== notice) {
        found.push(problem(key, `文件是另一次评审通知（${value}）的填写，本页只适用于 ${notice}`));
      }
      continue;
    }
    const q = byField.get(key);
    if (!q) {
      found.push(problem(key, `无法识别的字段 ${key}`));
      continue;
    }
    if (value === null) continue;
    const wrong = fitProblem(q, value);
    if (wrong) found.push(problem(key, wrong));
  }
  return found;
}

function fitProblem(q, value) {
  const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
  switch (q.kind) {
    case "choice":
      return typeof value === "boolean" ? "" : `${q.field} 应为 true 或 false`;
    case "date":
      return typeof value === "string" && DATE_PATTERN.test(value) ? "" : `${q.field} 应为 YYYY-MM-DD 格式的日期`;
    case "multi": {
      // `judged`: values the contract accepts that the page judges from other answers (破格
      // condition 6, from the dates): a file may hold them; the page does not ask them.
      const allowed = new Set([...q.options.map((o) => o.value), ...(q.judged || [])].map(String));
      if (!Array.isArray(value)) return `${q.field} 应为列表`;
      return value.every((v) => allowed.has(String(v))) ? "" : `${q.field} 中有无法识别的选项`;
    }
    case "degrees": {
      const levels = new Set(q.options.filter((o) => !o.page_only).map((o) => o.value));
      if (!Array.isArray(value)) return "education 应为列表";
      const bad = value.findIndex((d) => !isObject(d) || !levels.has(d.level));
      return bad >= 0 ? `第 ${bad + 1} 个学历的学历层次无法识别` : "";
    }
    case "grades": {
      if (!isObject(value)) return `${q.field} 应为对象`;
      const grades = new Set(q.options.map((o) => o.value));
      const bad = Object.entries(value).find(([year, grade]) => !q.years.map(String).includes(year) || (grade !== null && !grades.has(grade)));
      return bad ? `${q.field} 中 ${bad[0]} 年度的考核结果无法识别` : "";
    }
    case "hours": {
      if (!isObject(value)) return `${q.field} 应为对象`;
      const parts = new Set(q.parts.map((p) => p.id));
      for (const [year, entry] of Object.entries(value)) {
        if (!q.years.map(String).includes(year) || (entry !== null && !isObject(entry))) return `${year} 年继续教育学时无法识别`;
        for (const [part, hours] of Object.entries(entry || {})) {
          if (!parts.has(part) || (hours !== null && (typeof hours !== "number" || hours < 0))) {
            return `${year} 年继续教育学时（${part}）无法识别`;
          }
        }
      }
      return "";
    }
    case "scores": {
      if (!isObject(value)) return `${q.field} 应为对象`;
      const items = new Map(q.items.map((item) => [item.id, item]));
      for (const [id, score] of Object.entries(value)) {
        const item = items.get(id);
        if (!item) return `${q.field} 中的评分项 ${id} 无法识别`;
        if (score !== null && (typeof score !== "number" || !(score >= 0 && score <= item.max))) {
          return `${item.label}的自评得分应在0–${item.max}分之间`;
        }
      }
      return "";
    }
    default:
      return "";
  }
}

/** Page answers for a contract input object (call checkFits first). */
export function fromContract(questionnaire, data) {
  const answers = {};
  const has = (field) => data[field] !== undefined && data[field] !== null;
  for (const [id, { question: q }] of questionnaire.questions) {
    if (q.field && has(q.field)) {
      const value = data[q.field];
      switch (q.kind) {
        case "choice":
          answers[id] = value ? "yes" : "no";
          break;
        case "date":
          answers[id] = value;
          break;
        case "multi": {
          const allowed = new Set(q.options.map((o) => String(o.value)));
          const chosen = value.map(String).filter((v) => allowed.has(v));
          if (chosen.length) answers[id] = chosen;
          else if (!value.length && q.none) answers[id] = [q.none.value];
          break;
        }
        case "degrees":
          answers[id] = value.map((d) => {
            const row = { level: d.level };
            for (const name of Object.keys(q.parts)) {
              if (typeof d[name] === "boolean") row[name] = d[name] ? "yes" : "no";
            }
            return row;
          });
          break;
        case "grades":
          answers[id] = Object.fromEntries(Object.entries(value).filter(([, grade]) => grade));
          break;
        case "hours":
          answers[id] = Object.fromEntries(
            Object.entries(value).map(([year, entry]) => [
              year,
              Object.fromEntries(Object.entries(entry || {}).filter(([, h]) => h !== null).map(([part, h]) => [part, String(h)])),
            ]),
          );
          break;
        case "scores":
          answers[id] = Object.fromEntries(Object.entries(value).filter(([, s]) => s !== null).map(([item, s]) => [item, String(s)]));
          break;
      }
    } else if (q.derive) {
      const rule = q.derive.find((r) => has(r.field));
      if (rule) answers[id] = rule.value;
    }
  }
  return answers;
}
