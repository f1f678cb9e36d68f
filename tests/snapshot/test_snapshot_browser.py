"""The self-check's worker in headless Chromium with the runtime's memory snapshot (issue 18):
it restores the snapshot the site carries and answers every case of the table byte for byte as
the Python CLI does; a snapshot that does not fit (another rules wheel, damaged bytes, none at
all) is never restored and the normal boot answers the same. The static server sends the snapshot
compressed at build time."""

from __future__ import annotations

import shutil
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "rules"))

from cases import CASES, case_text  # noqa: E402
from serve_site import StaticServer  # noqa: E402
from test_snapshot_node import DAMAGES as RUNTIME_DAMAGES  # noqa: E402
from test_snapshot_node import manifest_of  # noqa: E402

from rules_py import check_json  # noqa: E402

BOOT_TIMEOUT_MS = 300_000

# Starts the site's own worker (as the self-check page does) and sends it `texts` once ready.
RUN_WORKER = """async (texts) => {
  const worker = new Worker("/assets/selfcheck/worker.js", { type: "module" });
  const ready = await new Promise((resolve) => {
    worker.onmessage = (event) => {
      const m = event.data;
      if (m.type === "progress" && (m.stage === "ready" || m.stage === "error")) resolve(m);
    };
    worker.onerror = (event) => resolve({ stage: "error", message: String(event.message) });
  });
  if (ready.stage !== "ready") return { ready, replies: [] };
  const replies = [];
  for (const [id, text] of texts.entries()) {
    replies.push(await new Promise((resolve) => {
      worker.onmessage = (event) => { if (event.data.id === id) resolve(event.data); };
      worker.postMessage({ id, op: "check", text });
    }));
  }
  worker.terminate();
  return { ready, replies };
}"""


def run_worker(context, server: StaticServer, texts: list[str]) -> dict:
    page = context.new_page()
    page.set_default_timeout(BOOT_TIMEOUT_MS)
    page.goto(server.url + "/pyodide/pyodide-lock.json")  # any page of the site's origin
    return page.evaluate(RUN_WORKER, texts)


def assert_same_verdicts(result: dict, texts: list[str]) -> None:
    assert len(result["replies"]) == len(texts)
    for text, reply in zip(texts, result["replies"], strict=True):
        assert reply["ok"], reply
        output, code = check_json(text)
        assert (reply["value"]["output"], reply["value"]["exit"]) == (output, code), text


def test_worker_restores_the_snapshot_and_answers_every_case_alike(context, site_server) -> None:
    texts = [case_text(case) for case in CASES]
    result = run_worker(context, site_server, texts)
    assert result["ready"]["stage"] == "ready", result["ready"]
    assert result["ready"]["boot"] == "snapshot"
    assert_same_verdicts(result, texts)
    manifest = manifest_of(site_server.root / "pyodide")
    fetched = {url.rsplit("/", 1)[-1] for url in result["ready"]["fetched"]}
    assert {manifest["file"], manifest["stdlib"]["file"], "pyodide.asm.wasm"} <= fetched
    assert "python_stdlib.zip" not in fetched, "a restored runtime takes the small archive"
    assert "/pyodide/" + manifest["file"] in site_server.requested


# The damages of the Node tests, applied to the runtime of a copy of the site.
DAMAGES = {
    name: RUNTIME_DAMAGES[name]
    for name in ("another-rules-wheel", "damaged-bytes", "other-sha256", "no-manifest")
}


@pytest.fixture
def damaged_server(built_site: Path, tmp_path: Path, request) -> Iterator[StaticServer]:
    copy = tmp_path / "site"
    shutil.copytree(built_site, copy)
    DAMAGES[request.param](copy / "pyodide")
    server = StaticServer(copy).start()
    yield server
    server.stop()


@pytest.mark.parametrize("damaged_server", DAMAGES, indirect=True)
def test_a_snapshot_that_does_not_fit_means_the_normal_boot(context, damaged_server) -> None:
    texts = [case_text(case) for case in CASES[:5]]
    result = run_worker(context, damaged_server, texts)
    assert result["ready"]["stage"] == "ready", result["ready"]
    assert result["ready"]["boot"] == "full"
    assert_same_verdicts(result, texts)
    if not (damaged_server.root / "pyodide" / "snapshot.json").exists():
        # what the page keeps for offline use: only files that are there
        assert not [url for url in result["ready"]["fetched"] if url.endswith("/snapshot.json")]


def test_the_snapshot_is_sent_compressed_at_build_time(site_server) -> None:
    manifest = manifest_of(site_server.root / "pyodide")
    url = f"{site_server.url}/pyodide/{manifest['file']}"
    encoded = (site_server.root / "pyodide" / manifest["encoded_file"]).read_bytes()
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip, deflate, br, zstd"})
    with urllib.request.urlopen(request) as response:
        assert response.headers["Content-Encoding"] == manifest["encoding"] == "br"
        assert response.read() == encoded
    with urllib.request.urlopen(url) as response:  # a client that takes no compression
        assert response.headers.get("Content-Encoding") is None
        assert len(response.read()) == manifest["size"]
