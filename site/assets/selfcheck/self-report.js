/* 本人述职 counter: counts with rules_py.self_report.count in the worker (one rule, no JS copy
 * to drift), showing "计算中" until the worker is ready; only the latest text's count is shown. */

export function wireSelfReport(textarea, output, how, runtime) {
  let latest = 0;
  const update = async () => {
    const ticket = ++latest;
    const text = textarea.value;
    if (!text) {
      output.textContent = "尚未输入";
      output.dataset.state = "empty";
      return;
    }
    if (!runtime.ready) {
      output.textContent = "计算中…";
      output.dataset.state = "pending";
    }
    try {
      const result = await runtime.count(text);
      if (ticket !== latest) return;
      how.textContent = "计数方法：" + result.explanation + "。";
      output.dataset.state = result.ok ? "ok" : "over";
      output.dataset.count = String(result.count);
      output.textContent = result.ok
        ? `已输入 ${result.count} 字，限 ${result.limit} 字以内，还可输入 ${result.remaining} 字。`
        : `已输入 ${result.count} 字，超出 ${-result.remaining} 字（限 ${result.limit} 字以内），请删减。`;
    } catch (error) {
      if (ticket !== latest) return;
      output.textContent = "无法计算字数：" + error.message;
      output.dataset.state = "error";
    }
  };
  textarea.addEventListener("input", update);
  if (textarea.value) update();
}
