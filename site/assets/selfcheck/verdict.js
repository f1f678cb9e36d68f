/* The verdict of rules_py.check as a page section: the overall answer, every route and common
 * condition with its reasons (each linking to its clause on the site), the advice, and the
 * 附件2 二.5 materials checklist. */

const STATUS = { meets: "符合", does_not_meet: "不符合" };
const COMMON = { assessment: "年度考核（附件1 三）", continuing_education: "继续教育学时（附件1 四）" };

function element(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "class") node.className = value;
    else if (key.startsWith("data-")) node.setAttribute(key, value);
    else node[key] = value;
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

/** The site URL of a clause ("/attachment-1/#a1-2" from rules_py) under the site's base. */
function clauseLink(clause, anchors, root) {
  const target = anchors[clause];
  if (!target) return document.createTextNode(clause);
  return element("a", { href: new URL(target.replace(/^\//, ""), root).href, class: "sc-clause" }, clause);
}

function reasonList(reasons, anchors, root) {
  if (!reasons.length) return null;
  const list = element("ul", { class: "sc-reasons" });
  for (const reason of reasons) {
    const mark = element("span", { class: "sc-mark" }, reason.ok ? "✓ 已满足" : "✗ 未满足");
    list.append(
      element(
        "li",
        { class: reason.ok ? "sc-reason sc-reason--ok" : "sc-reason sc-reason--missing", "data-rule": reason.rule },
        mark,
        " ",
        reason.message,
        "（",
        clauseLink(reason.clause, anchors, root),
        "）",
      ),
    );
  }
  return list;
}

function block(name, title, part, detail, anchors, root) {
  const status = STATUS[part.status] || part.status;
  return element(
    "section",
    { class: "sc-route", "data-route": name, "data-status": part.status },
    element("h4", {}, `${title}：`, element("strong", {}, status), detail ? `（${detail}）` : ""),
    reasonList(part.reasons, anchors, root),
  );
}

/** Fill `body` with the verdict; `labels` holds the route and path names. */
export function renderVerdict(body, result, anchors, labels, root) {
  body.replaceChildren();
  const headline = result.eligible ? "按您填写的情况，您符合申报条件。" : "按您填写的情况，您暂不符合申报条件。";
  body.append(
    element(
      "div",
      { class: result.eligible ? "sc-panel sc-panel--yes" : "sc-panel sc-panel--no", id: "sc-eligible", "data-eligible": String(result.eligible) },
      element("p", { class: "sc-headline" }, headline),
    ),
  );
  body.append(element("h3", {}, "申报途径"));
  for (const [name, part] of Object.entries(result.routes)) {
    const title = labels.routes[name] || name;
    const detail = part.status === "meets" && part.path ? labels.paths[part.path] || part.path : "";
    body.append(block(name, title, part, detail, anchors, root));
  }
  body.append(element("h3", {}, "各途径都须满足的条件"));
  for (const [name, part] of Object.entries(result.common)) {
    body.append(block(name, COMMON[name] || name, part, "", anchors, root));
  }
  if (Array.isArray(result.advice) && result.advice.length) {
    body.append(element("h3", {}, result.eligible ? "提示" : "您还可以"));
    body.append(element("ul", { class: "sc-advice" }, ...result.advice.map((text) => element("li", {}, text))));
  }
}

/** Fill `container` with the 附件2 二.5 uploads for the route(s) that meet. */
export function renderChecklist(container, result, anchors, root) {
  container.replaceChildren();
  const clause = "附件2 二.5";
  container.append(element("h3", {}, "需上传的材料（", clauseLink(clause, anchors, root), "）"));
  if (!result.checklist.length) {
    container.append(element("p", {}, "符合申报条件后，这里列出需要上传的材料。"));
    return;
  }
  const list = element("ol", { class: "sc-checklist-items" });
  for (const entry of result.checklist) {
    list.append(element("li", { "data-item": entry.item }, element("span", { class: "sc-item" }, entry.item), " ", entry.text));
  }
  container.append(list);
}
