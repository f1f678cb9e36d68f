/* A pure-Python wheel's files written into Pyodide's file system, as `pip install` would lay them
 * out (a wheel is a zip of the files site-packages holds). Pyodide's unpackArchive runs Python's
 * shutil and zipfile, whose first run in a just-booted or just-restored interpreter cost ~50 ms
 * on the way to the first verdict; the rules wheel's members are stored, not deflated
 * (scripts/build_runtime.py: the server compresses it in transit), so here they are written as
 * they are: ~10 ms for the whole stage. A deflated member (another tool's wheel) is inflated by
 * the runtime's own DecompressionStream ("deflate-raw"), about as slow as unpackArchive. Used by
 * the worker (both boots), the Node check tool and the build step of the memory snapshot.
 *
 * The wheel is trusted bytes (the worker has checked them against the lock file's sha256), so
 * this reads what a wheel holds and refuses the rest: no Zip64, stored or deflated members only,
 * paths inside the target directory. */

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;

/** [{name, method, size, data}] for each file of the zip `bytes` (a Uint8Array). */
export function zipMembers(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const decoder = new TextDecoder();
  let end = bytes.length - 22;
  const earliest = Math.max(0, end - 0xffff); // the archive comment is at most 64 KiB
  while (end >= earliest && view.getUint32(end, true) !== END_OF_DIRECTORY) end--;
  if (end < earliest) throw new Error("wheel: not a zip archive");
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const members = [];
  for (let i = 0; i < count; i++) {
    if (view.getUint32(at, true) !== DIRECTORY_ENTRY) throw new Error("wheel: damaged zip directory");
    const method = view.getUint16(at + 10, true);
    const compressed = view.getUint32(at + 20, true);
    const size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const skipped = view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    const local = view.getUint32(at + 42, true);
    const name = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    at += 46 + nameLength + skipped;
    if (name.endsWith("/")) continue; // a folder: made with its files
    if (view.getUint32(local, true) !== LOCAL_HEADER) throw new Error("wheel: damaged entry " + name);
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    members.push({ name, method, size, data: bytes.subarray(start, start + compressed) });
  }
  return members;
}

async function contents({ name, method, size, data }) {
  if (method === STORED) return data;
  if (method !== DEFLATED) throw new Error("wheel: " + name + " uses compression method " + method);
  const inflated = new Blob([data]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
  const bytes = new Uint8Array(await new Response(inflated).arrayBuffer());
  if (bytes.length !== size) throw new Error("wheel: " + name + " has the wrong size");
  return bytes;
}

/** Write the wheel `bytes` into `directory` (site-packages) of the file system `FS`
 * (pyodide.FS); resolves to the paths written. */
export async function installWheel(FS, bytes, directory) {
  const members = zipMembers(bytes);
  for (const { name } of members) {
    const parts = name.split("/");
    if (name.startsWith("/") || parts.some((part) => part === "" || part === "." || part === "..")) {
      throw new Error("wheel: a path outside the package: " + name);
    }
  }
  const files = await Promise.all(members.map(contents));
  return members.map(({ name }, i) => {
    const path = directory + "/" + name;
    FS.mkdirTree(path.slice(0, path.lastIndexOf("/")));
    FS.writeFile(path, files[i]);
    return path;
  });
}

/** Install the wheel `bytes` into the site-packages of `pyodide` and let Python's import system
 * see it, compiling no Python source (a restored interpreter would pay for its compiler's first
 * run); resolves to the site-packages folder. */
export async function installPackage(pyodide, bytes) {
  const site = pyodide.pyimport("site");
  const folders = site.getsitepackages();
  const sitePackages = folders.get(0);
  folders.destroy();
  site.destroy();
  await installWheel(pyodide.FS, bytes, sitePackages);
  const importlib = pyodide.pyimport("importlib");
  importlib.invalidate_caches();
  importlib.destroy();
  return sitePackages;
}
