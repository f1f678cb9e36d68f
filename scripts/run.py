"""`make run`: build the site and the rules wheel, then serve the site and a demo office register.

- the built site (with the Pyodide runtime and the rules wheel) on http://127.0.0.1:8000/
- a Datasette office register with demo data on http://127.0.0.1:8001/

Everything runs on the embedded defaults; Ctrl-C stops both cleanly.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from datasette_plugins.intake.accounts.config.launch import (  # noqa: E402
    DEMO_OFFICE,
    prepare_demo_register,
    serve_command,
)
from serve_site import StaticServer  # noqa: E402

SITE_PORT = int(os.environ.get("SITE_PORT", "8000"))
REGISTER_PORT = int(os.environ.get("REGISTER_PORT", "8001"))


def main() -> int:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=ROOT, env=env, check=True
    )
    print(f"site built in {time.perf_counter() - started:.1f} s")
    register = prepare_demo_register(ROOT / "var" / "demo")
    site = StaticServer(ROOT / "build" / "site", SITE_PORT).start()
    datasette = subprocess.Popen(serve_command(register, REGISTER_PORT), cwd=ROOT, env=env)
    print()
    print(f"  公开网站 (site):              {site.url}/")
    print(f"  受理登记 (register, {DEMO_OFFICE}): http://127.0.0.1:{REGISTER_PORT}/")
    print("  演示账号见 README (demo accounts: see README)")
    print("  按 Ctrl-C 停止 (Ctrl-C stops both)")
    print()

    def stop(*_: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    try:
        while datasette.poll() is None:
            time.sleep(0.5)
        print(f"datasette exited with {datasette.returncode}", file=sys.stderr)
        return datasette.returncode or 1
    except KeyboardInterrupt:
        print("\nstopping…")
        return 0
    finally:
        if datasette.poll() is None:
            datasette.terminate()
            try:
                datasette.wait(timeout=10)
            except subprocess.TimeoutExpired:
                datasette.kill()
        site.stop()


if __name__ == "__main__":
    sys.exit(main())
