#!/usr/bin/env node
// Run the rules_py eligibility check inside Pyodide under Node, offline.
//
//   node scripts/pyodide-check.mjs FILE.json|-          same stdout bytes and exit code as
//                                                      `python -m rules_py check FILE.json|-`
//   node scripts/pyodide-check.mjs --jsonl FILE|-      one input JSON per line → one line
//                                                      {"exit": code, "output": text} each,
//                                                      all in one Pyodide boot (for tests)
//   --runtime DIR (before the other arguments)         use the built runtime in DIR
//                                                      (scripts/build_runtime.py) as the page's
//                                                      worker does: restore its memory snapshot
//                                                      when snapshot.json fits, else boot it and
//                                                      install its rules wheel; says which on
//                                                      stderr ("booted: snapshot" | "booted: full")
//
// Pyodide is loaded from node_modules/pyodide; rules_py is copied into Pyodide's file system
// from the source tree (rules_py/**/*.py) with the data/ tree as rules_py/data/ (the wheel holds
// the same data compiled to JSON). Pyodide's own messages are silenced so stdout carries only the result.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";
import crypto from "node:crypto";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const indexURL = path.join(root, "node_modules", "pyodide") + path.sep;

function usage(message) {
  process.stderr.write(`${message}\nusage: node scripts/pyodide-check.mjs [--runtime DIR] [--jsonl] FILE|-\n`);
  process.exit(2);
}

function sourceFiles(dir, rel = "") {
  const files = [];
  for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const name = path.posix.join(rel, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "__pycache__" && entry.name !== "data") files.push(...sourceFiles(dir, name));
    } else if (entry.name.endsWith(".py")) {
      files.push(name);
    }
  }
  return files;
}

function installRules(pyodide) {
  const sitePackages = pyodide.runPython("import site; site.getsitepackages()[0]");
  const target = `${sitePackages}/rules_py`;
  const packageDir = path.join(root, "rules_py");
  for (const rel of sourceFiles(packageDir)) {
    const dest = `${target}/${rel}`;
    pyodide.FS.mkdirTree(path.posix.dirname(dest));
    pyodide.FS.writeFile(dest, fs.readFileSync(path.join(packageDir, rel)));
  }
  copyTree(pyodide, path.join(root, "data"), `${target}/data`);
}

// The data tree as it is (notices.toml and one folder per notice): rules_py.notices reads it.
function copyTree(pyodide, from, to) {
  pyodide.FS.mkdirTree(to);
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    if (entry.isDirectory()) copyTree(pyodide, source, `${to}/${entry.name}`);
    else pyodide.FS.writeFile(`${to}/${entry.name}`, fs.readFileSync(source));
  }
}

// The built runtime in `dir`, booted as the page's worker boots it (site/assets/selfcheck/worker.js).
async function bootRuntime(dir) {
  const base = path.resolve(dir) + path.sep;
  const { fittingSnapshot, restore, MANIFEST } = await import(path.join(root, "site/assets/selfcheck/snapshot.js"));
  const { HELPERS } = await import(path.join(root, "site/assets/selfcheck/worker-python.js"));
  const { installPackage } = await import(path.join(root, "site/assets/selfcheck/wheel.js"));
  const lock = JSON.parse(fs.readFileSync(base + "pyodide-lock.json", "utf8"));
  const wheel = lock.packages["rules-py"];
  let manifest = null;
  try {
    manifest = JSON.parse(fs.readFileSync(base + MANIFEST, "utf8"));
  } catch {
    // no snapshot: the normal boot
  }
  const { loadPyodide, version } = await import(base + "pyodide.mjs");
  const quiet = () => {};
  const options = { indexURL: base, lockFileContents: lock, stdout: quiet, stderr: quiet };
  const fitting = fittingSnapshot(manifest, version, wheel);
  let pyodide = null;
  if (fitting) {
    try {
      const image = decoded(base, fitting);
      const fullStdlib = () => new Uint8Array(fs.readFileSync(base + "python_stdlib.zip"));
      pyodide = await restore(loadPyodide, options, fitting, image, fullStdlib);
    } catch (err) {
      process.stderr.write(`pyodide-check: snapshot not restored (${err.message})\n`);
    }
  }
  process.stderr.write(`booted: ${pyodide ? "snapshot" : "full"}\n`);
  pyodide ??= await loadPyodide(options);
  await installPackage(pyodide, new Uint8Array(fs.readFileSync(base + wheel.file_name)));
  if (!pyodide.globals.has("selfcheck_check")) pyodide.runPython(HELPERS); // a restored one has them
  return pyodide;
}

// The snapshot as the browser receives it: its pre-compressed file decoded, checked by sha256.
function decoded(base, manifest) {
  const encoded = fs.readFileSync(base + manifest.encoded_file);
  const decode = { br: zlib.brotliDecompressSync, gzip: zlib.gunzipSync }[manifest.encoding];
  if (!decode) throw new Error(`unknown encoding ${manifest.encoding}`);
  const image = decode(encoded);
  if (crypto.createHash("sha256").update(image).digest("hex") !== manifest.sha256) {
    throw new Error(`${manifest.encoded_file} does not decode to sha256 ${manifest.sha256}`);
  }
  return new Uint8Array(image.buffer, image.byteOffset, image.length);
}

async function main() {
  const args = process.argv.slice(2);
  let runtimeDir = null;
  if (args[0] === "--runtime") {
    runtimeDir = args[1];
    if (!runtimeDir) usage("--runtime needs a folder");
    args.splice(0, 2);
  }
  const jsonl = args[0] === "--jsonl";
  const files = jsonl ? args.slice(1) : args;
  if (files.length !== 1) usage("expected exactly one FILE (or - for standard input)");
  const file = files[0];
  // A file that cannot be read gets the Python CLI's message, from the same Python function.
  const osErrors = { ENOENT: "FileNotFoundError", EISDIR: "IsADirectoryError", EACCES: "PermissionError" };
  let input = new Uint8Array();
  let readError = "";
  try {
    input = new Uint8Array(fs.readFileSync(file === "-" ? 0 : file));
  } catch (err) {
    readError = osErrors[err.code] || "OSError";
  }
  let pyodide;
  if (runtimeDir) {
    pyodide = await bootRuntime(runtimeDir);
  } else {
    const { loadPyodide } = await import(path.join(indexURL, "pyodide.mjs"));
    const quiet = () => {};
    pyodide = await loadPyodide({ indexURL, stdout: quiet, stderr: quiet, packages: [] });
    installRules(pyodide);
  }
  pyodide.globals.set("source_name", file);
  pyodide.globals.set("source_bytes", input);
  pyodide.globals.set("read_error", readError);
  pyodide.globals.set("jsonl", jsonl);
  const result = pyodide.runPython(`
import builtins
from rules_py.applicant import InputError
from rules_py.json_io import EXIT_INVALID, check_bytes, check_jsonl, dumps
if read_error:
    from rules_py.hr.tables import file_problem  # not in the browser wheel (--runtime)
    _problem = file_problem(source_name, getattr(builtins, read_error)())
    _result = (dumps(InputError("$", _problem).to_dict()), EXIT_INVALID)
else:
    _data = source_bytes.to_py().tobytes()
    _result = (check_jsonl(_data), 0) if jsonl else check_bytes(_data)
_result
`);
  const [output, code] = result.toJs();
  result.destroy();
  process.stdout.write(output);
  process.exitCode = code;
}

main().catch((err) => {
  process.stderr.write(`pyodide-check: ${err && err.stack ? err.stack : err}\n`);
  process.exitCode = 3;
});
