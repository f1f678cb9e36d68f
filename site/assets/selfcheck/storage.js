/* Where answers are kept: this browser's localStorage only, or a JSON file the person saves
 * and loads (the contract's input format, which `python -m rules_py check FILE` reads too). */

export function loadStored(key) {
  try {
    const text = window.localStorage.getItem(key);
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

export function store(key, data) {
  try {
    window.localStorage.setItem(key, JSON.stringify(data));
  } catch {
    /* storage full or disabled: the page still works, answers are just not kept */
  }
}

export function forget(key) {
  try {
    window.localStorage.removeItem(key);
  } catch {
    /* nothing stored */
  }
}

/** Offer the answers as a file download (a Blob URL; nothing is sent anywhere). */
export function download(data, filename) {
  const blob = new Blob([JSON.stringify(data, null, 2) + "\n"], { type: "application/json" });
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000); // after the browser has taken the file
}

/** The parsed JSON of a picked file, or throws an Error with a Chinese message. */
export async function readJsonFile(file) {
  if (file.size > 1024 * 1024) throw new Error("文件太大（超过 1 MB），不是本页保存的填写文件");
  const text = await file.text();
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch {
    throw new Error("文件不是有效的 JSON，请选择本页“保存为文件”得到的文件");
  }
}
