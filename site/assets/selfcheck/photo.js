/* 证件照检查: the picked file is read in the browser (File.arrayBuffer) and its bytes are moved
 * to the worker, where rules_py.photo.check_photo reads the JPEG header. Nothing is uploaded.
 * A file larger than the notice allows is read only up to that size (its size is known without
 * reading it; the header is at its start): a huge file costs no more memory than a valid one. */

function line(rule) {
  const item = document.createElement("li");
  item.className = rule.ok ? "sc-reason sc-reason--ok" : "sc-reason sc-reason--missing";
  item.dataset.rule = rule.rule;
  const mark = document.createElement("span");
  mark.className = "sc-mark";
  mark.textContent = rule.ok ? "✓ 符合" : "✗ 不符合";
  item.append(mark, " ", rule.message);
  return item;
}

export function wirePhoto(input, output, runtime, maxBytes) {
  input.addEventListener("change", async () => {
    const file = input.files && input.files[0];
    output.replaceChildren();
    if (!file) return;
    output.dataset.state = "pending";
    output.textContent = runtime.ready ? "正在检查…" : "正在准备自查程序，稍后显示检查结果…";
    try {
      const head = file.size > maxBytes ? file.slice(0, maxBytes) : file;
      const result = await runtime.photo(await head.arrayBuffer(), file.name, file.size);
      const headline = document.createElement("p");
      headline.className = result.ok ? "sc-panel sc-panel--yes" : "sc-panel sc-panel--no";
      const failed = result.rules.filter((rule) => !rule.ok).length;
      headline.textContent = result.ok
        ? `照片“${file.name}”符合全部要求。`
        : `照片“${file.name}”有 ${failed} 项不符合要求：`;
      const list = document.createElement("ul");
      list.className = "sc-reasons";
      const ordered = [...result.rules.filter((r) => !r.ok), ...result.rules.filter((r) => r.ok)];
      list.append(...ordered.map(line));
      const note = result.note ? Object.assign(document.createElement("p"), { className: "sc-note", textContent: result.note }) : "";
      output.replaceChildren(headline, note, list);
      output.dataset.state = result.ok ? "ok" : "fail";
    } catch (error) {
      output.textContent = "无法检查照片：" + error.message;
      output.dataset.state = "error";
    }
  });
}
