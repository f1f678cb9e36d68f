#!/usr/bin/env node
// Build step (offline): a memory snapshot of the self-check's runtime, taken after rules_py and
// the notice data layer are imported and a few checks have run, so that the page's worker can
// restore an initialised interpreter instead of booting one (issue 18).
//
//   node scripts/build_snapshot.mjs RUNTIME_DIR
//
// RUNTIME_DIR is the runtime as scripts/build_runtime.py writes it (Pyodide's core files, the
// rules wheel, pyodide-lock.json). The snapshot is made by that exact Pyodide (a snapshot only
// restores in the build that made it) and written next to it:
//
//   snapshot-<sha256 of the snapshot, 16 hex>.bin       the raw memory image
//   snapshot-<…>.bin.br  or  .bin.gz                    the same, pre-compressed: brotli or gzip,
//                                                       whichever is smaller (brotli in practice);
//                                                       served with Content-Encoding by
//                                                       scripts/serve_site.py (any web server with
//                                                       "static compression", e.g. nginx brotli_static)
//   stdlib-<sha256 of the archive, 16 hex>.zip          the standard library a restored runtime
//                                                       may still import: the modules the rules
//                                                       (and the worker's helpers) import that are
//                                                       not imported yet when the snapshot is made,
//                                                       found by modulefinder (a few KB, in place
//                                                       of python_stdlib.zip's 2.5 MB; any other
//                                                       module is loaded from the full archive on
//                                                       demand, site/assets/selfcheck/worker-python.js)
//   snapshot.json                                       the manifest the worker reads first
//
// The manifest names the Pyodide version and the rules wheel (file name, sha256) the snapshot
// was made with; the worker restores it only when both match what it is about to run.
// Making a snapshot boots Pyodide (several seconds) and brotli takes longer still, so the result
// is kept in build/cache/snapshots/ under a key over every input (runtime files, the worker's
// Python helpers, this script): an unchanged runtime costs a copy.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const HELPERS_MODULE = path.join(ROOT, "site", "assets", "selfcheck", "worker-python.js");
const WHEEL_MODULE = path.join(ROOT, "site", "assets", "selfcheck", "wheel.js");
const CACHE = path.join(ROOT, "build", "cache", "snapshots");
const CACHE_KEEP = 2; // snapshots kept in the cache (each about 37 MB)
const RULES_PACKAGE = "rules-py";
const MANIFEST = "snapshot.json";
const BROTLI_QUALITY = 9; // 11 saves ~13 % more but takes minutes on 31 MB; 9 takes seconds

// Inputs that walk the paths of a first verdict (a route met, a route missed, invalid input,
// text that is not JSON) and of the photo check, so that their modules and lazy imports are in
// the snapshot.
const WARM_UP_CHECKS = [
  {
    education: [{ level: "bachelor", engineering: true, related: true }],
    engineer_qualified_on: "2016-07-01",
    assessments: { 2020: "excellent", 2021: "competent", 2022: "competent" },
    continuing_education: Object.fromEntries(
      ["2021", "2022", "2023"].map((year) => [year, { professional: 64, public: 26 }]),
    ),
  },
  { exceptional_conditions: [1, 2], engineer_qualified_on: "2021-07-01", engineer_post_since: "2021-09-01" },
  { continuing_education: { 2021: { public: -1 } } },
];
const WARM_UP_TEXTS = [...WARM_UP_CHECKS.map((input) => JSON.stringify(input)), "{", ""];

const sha256 = (data) => crypto.createHash("sha256").update(data).digest("hex");

function fail(message) {
  process.stderr.write(`build_snapshot: ${message}\n`);
  process.exit(1);
}

function readRuntime(dir) {
  const lock = JSON.parse(fs.readFileSync(path.join(dir, "pyodide-lock.json"), "utf8"));
  const wheel = lock.packages[RULES_PACKAGE];
  if (!wheel) fail(`pyodide-lock.json lists no ${RULES_PACKAGE}`);
  const wheelBytes = fs.readFileSync(path.join(dir, wheel.file_name));
  if (sha256(wheelBytes) !== wheel.sha256) fail(`${wheel.file_name} is not the wheel the lock file names`);
  return { lock, wheel, wheelBytes };
}

function cacheKey(dir, wheelBytes) {
  const hash = crypto.createHash("sha256");
  for (const name of ["pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip"]) {
    hash.update(name).update(fs.readFileSync(path.join(dir, name)));
  }
  hash.update(wheelBytes);
  hash.update(fs.readFileSync(HELPERS_MODULE));
  hash.update(fs.readFileSync(WHEEL_MODULE));
  hash.update(fs.readFileSync(fileURLToPath(import.meta.url)));
  return hash.digest("hex").slice(0, 32);
}

async function installRules(pyodide, wheelBytes) {
  const { installPackage } = await import(WHEEL_MODULE);
  return installPackage(pyodide, new Uint8Array(wheelBytes));
}

async function makeSnapshot(dir, { lock, wheel, wheelBytes }) {
  const indexURL = dir + path.sep;
  const { loadPyodide, version } = await import(path.join(indexURL, "pyodide.mjs"));
  const problems = [];
  const pyodide = await loadPyodide({
    indexURL,
    lockFileContents: lock,
    _makeSnapshot: true,
    stdout: () => {},
    stderr: (text) => problems.push(text),
  });
  // The worker installs the wheel the same way (and again after a restore: the file system is
  // not part of the memory image). The helpers, and the function a restored runtime runs first,
  // are defined here, so that a restored runtime compiles no Python source.
  await installRules(pyodide, wheelBytes);
  const { HELPERS, AFTER_RESTORE } = await import(HELPERS_MODULE);
  pyodide.runPython(HELPERS);
  pyodide.runPython(AFTER_RESTORE);
  const check = pyodide.globals.get("selfcheck_check");
  const photo = pyodide.globals.get("selfcheck_photo");
  for (const text of WARM_UP_TEXTS) JSON.parse(check(text));
  JSON.parse(photo(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16]), "photo.jpg", 6));
  check.destroy();
  photo.destroy();
  if (problems.length) fail(`Pyodide wrote to stderr: ${problems.join("; ").slice(0, 500)}`);
  const imported = pyodide.runPython("import sys; '\\n'.join(sorted(sys.modules))").split("\n");
  pyodide.runPython("import gc; gc.collect()");
  return { version, imported, image: pyodide.makeMemorySnapshot() };
}

// The standard library a runtime restored from the snapshot may still import: what the rules
// and the helpers import (at any depth, functions' own imports included) and the snapshot has
// not imported, found by modulefinder in a Pyodide of its own (so that the snapshot's memory
// holds none of this work), copied from python_stdlib.zip into a small archive (same member
// names, fixed timestamps: same inputs, same bytes).
const STDLIB_CLOSURE = `
import json, modulefinder, pkgutil, sys, zipfile

archive = next(p for p in sys.path if p.endswith(".zip"))
zipfile.ZipFile(archive).extractall("/tmp/stdlib")
finder = modulefinder.ModuleFinder(
    path=["/tmp/stdlib", site_packages],
    excludes=[m for m in imported if not m.startswith("rules_py")],
)
with open("/tmp/helpers.py", "w") as file:
    file.write(helpers)
finder.run_script("/tmp/helpers.py")
import rules_py

for info in pkgutil.walk_packages(rules_py.__path__, "rules_py."):
    finder.import_hook(info.name)
members = sorted(
    m.__file__.removeprefix("/tmp/stdlib/")
    for name, m in finder.modules.items()
    if name not in imported and (m.__file__ or "").startswith("/tmp/stdlib/")
)
with zipfile.ZipFile(archive) as full, zipfile.ZipFile("/tmp/stdlib.zip", "w") as small:
    for member in members:
        info = zipfile.ZipInfo(member, date_time=(1980, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        small.writestr(info, full.read(member), compresslevel=9)
json.dumps(members)
`;

async function stdlibArchive(dir, { lock, wheelBytes }, imported) {
  const { loadPyodide } = await import(path.join(dir, "pyodide.mjs"));
  const pyodide = await loadPyodide({ indexURL: dir + path.sep, lockFileContents: lock, stdout: () => {} });
  const sitePackages = await installRules(pyodide, wheelBytes);
  const { HELPERS } = await import(HELPERS_MODULE);
  pyodide.globals.set("site_packages", sitePackages);
  pyodide.globals.set("imported", pyodide.toPy(imported));
  pyodide.globals.set("helpers", HELPERS);
  const members = JSON.parse(pyodide.runPython(STDLIB_CLOSURE));
  return { members, data: Buffer.from(pyodide.FS.readFile("/tmp/stdlib.zip")) };
}

function compress(image) {
  const brotli = zlib.brotliCompressSync(image, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
      [zlib.constants.BROTLI_PARAM_LGWIN]: 24,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: image.length,
    },
  });
  const gzip = zlib.gzipSync(image, { level: 9 });
  return brotli.length <= gzip.length ? { encoding: "br", data: brotli } : { encoding: "gzip", data: gzip };
}

const SUFFIX = { br: ".br", gzip: ".gz" };

async function build(dir, runtime) {
  const { version, imported, image } = await makeSnapshot(dir, runtime);
  const digest = sha256(image);
  const file = `snapshot-${digest.slice(0, 16)}.bin`;
  const { encoding, data } = compress(image);
  const stdlib = await stdlibArchive(dir, runtime, imported);
  const stdlibDigest = sha256(stdlib.data);
  const stdlibFile = `stdlib-${stdlibDigest.slice(0, 16)}.zip`;
  const manifest = {
    pyodide: version,
    wheel: { name: RULES_PACKAGE, file_name: runtime.wheel.file_name, sha256: runtime.wheel.sha256 },
    file,
    sha256: digest,
    size: image.length,
    encoding,
    encoded_file: file + SUFFIX[encoding],
    encoded_size: data.length,
    stdlib: { file: stdlibFile, sha256: stdlibDigest, size: stdlib.data.length, modules: stdlib.members },
  };
  const files = { [file]: image, [file + SUFFIX[encoding]]: data, [stdlibFile]: stdlib.data };
  return { manifest, files };
}

function writeAll(folder, manifest, files) {
  fs.mkdirSync(folder, { recursive: true });
  for (const [name, data] of Object.entries(files)) fs.writeFileSync(path.join(folder, name), data);
  fs.writeFileSync(path.join(folder, MANIFEST), JSON.stringify(manifest, null, 2) + "\n");
}

function fromCache(key) {
  const folder = path.join(CACHE, key);
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(folder, MANIFEST), "utf8"));
    const files = {};
    for (const name of [manifest.file, manifest.encoded_file, manifest.stdlib.file]) {
      files[name] = fs.readFileSync(path.join(folder, name));
    }
    if (sha256(files[manifest.file]) !== manifest.sha256) return null;
    return { manifest, files };
  } catch {
    return null;
  }
}

function toCache(key, manifest, files) {
  try {
    const partial = path.join(CACHE, `${key}.part-${process.pid}`);
    writeAll(partial, manifest, files);
    fs.rmSync(path.join(CACHE, key), { recursive: true, force: true });
    fs.renameSync(partial, path.join(CACHE, key)); // whole or absent: builds may run side by side
    const kept = fs
      .readdirSync(CACHE, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !entry.name.includes(".part-"))
      .map((entry) => ({ name: entry.name, at: fs.statSync(path.join(CACHE, entry.name)).mtimeMs }))
      .sort((a, b) => b.at - a.at);
    for (const old of kept.slice(CACHE_KEEP)) fs.rmSync(path.join(CACHE, old.name), { recursive: true, force: true });
  } catch (error) {
    process.stderr.write(`build_snapshot: not cached (${error.message})\n`);
  }
}

async function main() {
  const args = process.argv.slice(2);
  if (args.length !== 1) fail("usage: node scripts/build_snapshot.mjs RUNTIME_DIR");
  const dir = path.resolve(args[0]);
  const runtime = readRuntime(dir);
  const key = cacheKey(dir, runtime.wheelBytes);
  let built = fromCache(key);
  if (!built) {
    built = await build(dir, runtime);
    toCache(key, built.manifest, built.files);
  }
  writeAll(dir, built.manifest, built.files);
  const { manifest } = built;
  process.stdout.write(
    `snapshot ${manifest.file}: ${manifest.size} bytes, ${manifest.encoding} ${manifest.encoded_size};` +
      ` ${manifest.stdlib.file}: ${manifest.stdlib.size} bytes, ${manifest.stdlib.modules.length} modules\n`,
  );
}

main().catch((error) => fail(error && error.stack ? error.stack : String(error)));
