/* When and how the runtime's memory snapshot is restored. The build step
 * (scripts/build_snapshot.mjs) writes pyodide/snapshot.json next to the runtime; a snapshot only
 * restores in the exact Pyodide that made it, and it holds the rules package as it was imported,
 * so it is used only when the manifest names this Pyodide's version and the very rules wheel the
 * lock file names (file and sha256). Anything else (no manifest, another version, a rebuilt
 * wheel, a malformed manifest) means the normal boot. Used by the worker and by the Node tools. */

import { AFTER_RESTORE_FUNCTION } from "./worker-python.js";

export const MANIFEST = "snapshot.json";

const FILE = /^snapshot-[0-9a-f]{16}\.bin$/;
const STDLIB = /^stdlib-[0-9a-f]{16}\.zip$/;
const SHA256 = /^[0-9a-f]{64}$/;
const MAX_SIZE = 2 ** 30; // the worker allocates the snapshot's buffer before it downloads it

/** The manifest when it names a snapshot and its standard-library archive well, else null
 * (before the runtime is known: the download may start). */
export function namedSnapshot(manifest) {
  if (!manifest || typeof manifest !== "object") return null;
  const stdlib = manifest.stdlib || {};
  const named =
    FILE.test(manifest.file) &&
    SHA256.test(manifest.sha256) &&
    Number.isSafeInteger(manifest.size) &&
    manifest.size > 0 &&
    manifest.size <= MAX_SIZE &&
    manifest.size % 4 === 0 && // a wasm memory image (read as 32-bit words)
    STDLIB.test(stdlib.file) &&
    SHA256.test(stdlib.sha256);
  return named ? manifest : null;
}

/** The manifest when its snapshot fits this runtime and rules wheel, else null. */
export function fittingSnapshot(manifest, runtimeVersion, wheel) {
  if (!namedSnapshot(manifest) || !wheel) return null;
  const made = manifest.wheel || {};
  const fits =
    typeof runtimeVersion === "string" &&
    manifest.pyodide === runtimeVersion &&
    made.file_name === wheel.file_name &&
    made.sha256 === wheel.sha256;
  return fits ? manifest : null;
}

/** Pyodide restored from the snapshot `image` (its bytes, or a promise of them) with the
 * manifest's small standard-library archive; `loadFullStdlib()` returns the full archive's bytes
 * (synchronously) should a module outside the small one be imported (worker-python.js). The
 * snapshot holds AFTER_RESTORE's function already defined (the build step ran it): no Python
 * source is compiled here. */
export async function restore(loadPyodide, options, manifest, image, loadFullStdlib) {
  const pyodide = await loadPyodide({
    ...options,
    stdLibURL: options.indexURL + manifest.stdlib.file,
    _loadSnapshot: image,
  });
  const afterRestore = pyodide.globals.get(AFTER_RESTORE_FUNCTION);
  if (!afterRestore) throw new Error("the snapshot lacks " + AFTER_RESTORE_FUNCTION);
  afterRestore(loadFullStdlib);
  afterRestore.destroy();
  return pyodide;
}

/** A hex sha256 as a subresource-integrity value ("sha256-<base64>"). */
export function integrity(hex) {
  return "sha256-" + btoa(String.fromCharCode(...hex.match(/../g).map((pair) => parseInt(pair, 16))));
}

/** The hex sha256 of `bytes` (Web Crypto: off the calling thread in browsers). */
export async function sha256Hex(bytes) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
}
