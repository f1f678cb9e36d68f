/* When the runtime's memory snapshot may be restored. The build step
 * (scripts/build_snapshot.mjs) writes pyodide/snapshot.json next to the runtime; a snapshot only
 * restores in the exact Pyodide that made it, and it holds the rules package as it was imported,
 * so it is used only when the manifest names this Pyodide's version and the very rules wheel the
 * lock file names (file and sha256). Anything else (no manifest, another version, a rebuilt
 * wheel, a malformed manifest) means the normal boot. Used by the worker and by the Node tools. */

export const MANIFEST = "snapshot.json";

const FILE = /^snapshot-[0-9a-f]{16}\.bin$/;
const SHA256 = /^[0-9a-f]{64}$/;

/** The manifest when its snapshot fits this runtime and rules wheel, else null. */
export function fittingSnapshot(manifest, runtimeVersion, wheel) {
  if (!manifest || typeof manifest !== "object" || !wheel) return null;
  const made = manifest.wheel || {};
  const fits =
    typeof runtimeVersion === "string" &&
    manifest.pyodide === runtimeVersion &&
    made.file_name === wheel.file_name &&
    made.sha256 === wheel.sha256 &&
    FILE.test(manifest.file) &&
    SHA256.test(manifest.sha256) &&
    Number.isSafeInteger(manifest.size) &&
    manifest.size > 0;
  return fits ? manifest : null;
}

/** A hex sha256 as a subresource-integrity value ("sha256-<base64>"). */
export function integrity(hex) {
  return "sha256-" + btoa(String.fromCharCode(...hex.match(/../g).map((pair) => parseInt(pair, 16))));
}
