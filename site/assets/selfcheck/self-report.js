/* 本人述职 counter, counting as one types: the rule of rules_py.self_report.count, handed to the
 * page at build time (the limit and the exact set of whitespace code points Python does not
 * count, on the textarea's data attributes), so the page and `python -m rules_py self-report`
 * count alike. Every other code point counts 1. */

export function counter(textarea) {
  const limit = Number(textarea.dataset.limit);
  const whitespace = new Set(JSON.parse(textarea.dataset.whitespace));
  return (text) => {
    let count = 0;
    for (const ch of text) if (!whitespace.has(ch.codePointAt(0))) count += 1;
    return { count, limit, remaining: limit - count, ok: count <= limit };
  };
}

export function wireSelfReport(textarea, output) {
  const count = counter(textarea);
  const update = () => {
    const text = textarea.value;
    if (!text) {
      output.textContent = "尚未输入";
      output.dataset.state = "empty";
      delete output.dataset.count;
      return;
    }
    const result = count(text);
    output.dataset.state = result.ok ? "ok" : "over";
    output.dataset.count = String(result.count);
    output.textContent = result.ok
      ? `已输入 ${result.count} 字，限 ${result.limit} 字以内，还可输入 ${result.remaining} 字。`
      : `已输入 ${result.count} 字，超出 ${-result.remaining} 字（限 ${result.limit} 字以内），请删减。`;
  };
  textarea.addEventListener("input", update);
  update();
}
