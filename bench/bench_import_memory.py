"""Server-side memory of uploads to the import page (not a test; figures go in the notes).

Starts the import page on its own (``streamlit run dashboard/pages/data_import.py``, the
repository's ``.streamlit/config.toml``) with a throwaway SQLite store, opens it in Debian's
Chromium, and uploads each file through the real file input. The server's resident memory
(``/proc/PID/status`` VmRSS, sampled every 20 ms) is compared with its idle memory after a
first small upload. Target: every accepted or refused upload up to the size limit stays
under 300 MB above idle.

    python bench/bench_import_memory.py          # wide, tall, a national year; ~2 min
    python bench/bench_import_memory.py --dossiers  # also dossier exports: a 1,040,000-row
                                                    # XLSX and a CSV at the size limit
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

from xlsx_shapes import DOSSIER_HEADERS, tall_xlsx, wide_xlsx  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
TARGET_MB = 300.0


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class Sampler:
    """The highest RSS of ``pid`` while active (a thread sampling every 20 ms)."""

    def __init__(self, pid: int):
        self.pid, self.peak, self._stop = pid, 0.0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, rss_mb(self.pid))
            time.sleep(0.02)

    def __enter__(self) -> Sampler:
        self._thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._stop.set()
        self._thread.join()


def upload(page, url: str, name: str, data: bytes) -> tuple[str, float]:
    """Upload ``data`` and wait for the page's verdict; returns (verdict, seconds)."""
    page.goto(url)
    page.get_by_text("Nhập số liệu", exact=True).first.wait_for()
    start = time.perf_counter()
    # From a file: Playwright takes at most 50 MB in memory. The browser reads the file while
    # it uploads, so it stays until the verdict is in.
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        page.locator("input[type=file]").set_input_files(path)
        return _verdict(page, start)


def _verdict(page, start: float) -> tuple[str, float]:
    from dashboard.core.i18n import t

    # The verdicts' own openings ("Tệp có 3 lỗi", "Tệp hợp lệ:"); the page's intro also says
    # "tệp có lỗi", so a plain substring would match at once.
    refused = page.get_by_text(
        re.compile(r"^" + t("import.invalid", "vi", count=0).split(" 0 ")[0] + r" \d")
    )
    valid = page.get_by_text(
        re.compile(r"^" + t("import.valid", "vi", rows=0, stored=0).split(":")[0])
    )
    deadline = time.time() + 600
    while time.time() < deadline:
        if refused.count():
            return "refused", time.perf_counter() - start
        if valid.count():
            return "accepted", time.perf_counter() - start
        time.sleep(0.05)
    return "no answer in 600 s", time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--dossiers", action="store_true", help="also dossier exports (XLSX, CSV at the limit)"
    )
    args = parser.parse_args()
    from bench_metrics import build_xlsx, write_dossiers
    from browser_support import CHROMIUM_ARGS
    from conftest import free_port, wait_for_http
    from playwright.sync_api import sync_playwright

    from loaders.metrics.safety import MAX_UPLOAD_BYTES

    files = [
        ("wide.xlsx (1,500 rows x 16,384 cells)", wide_xlsx(1500)),
        ("tall.xlsx (1,040,000 rows, metrics)", tall_xlsx(1_040_000)),
        ("year.xlsx (3,321 units x 12 months, accepted)", build_xlsx()),
    ]
    with tempfile.TemporaryDirectory() as folder:
        if args.dossiers:
            files.append(
                ("dossiers.xlsx (1,040,000 dossiers)", tall_xlsx(1_040_000, DOSSIER_HEADERS))
            )
            limit = MAX_UPLOAD_BYTES["dossiers"]
            path = Path(folder) / "dossiers.csv"
            rows = int(limit / 81.1)  # write_dossiers writes about 81 bytes a row
            write_dossiers(path, rows)
            while path.stat().st_size > limit:
                rows = int(rows * 0.99)
                write_dossiers(path, rows)
            files.append((f"dossiers.csv ({rows:,} dossiers, at the limit)", path.read_bytes()))
            path.unlink()
        port = free_port()
        env = {**os.environ, "VNMAP_DB_URL": f"sqlite:///{folder}/bench.sqlite"}
        log = open(Path(folder) / "server.log", "w")  # noqa: SIM115 - closed below
        server = subprocess.Popen(
            [
                sys.executable, "-m", "streamlit", "run", "dashboard/pages/data_import.py",
                "--server.headless", "true", "--server.port", str(port),
                "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
            ],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            wait_for_http(f"http://127.0.0.1:{port}/_stcore/health", timeout_s=90)
            url = f"http://localhost:{port}"
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                page.set_default_timeout(120_000)
                small = "Mã đơn vị,Kỳ báo cáo (tháng),Hồ sơ tiếp nhận\n01273,2025-08,1\n".encode()
                upload(page, url, "warm.csv", small)  # imports, caches, sample
                time.sleep(2)
                print(
                    f"{'file':<48} {'size':>9} {'verdict':>9} {'time':>7} {'peak above idle':>16}"
                )
                worst = 0.0
                for label, data in files:
                    idle = rss_mb(server.pid)
                    with Sampler(server.pid) as sampler:
                        verdict, seconds = upload(page, url, label.split(" ")[0], data)
                        time.sleep(1.0)
                    above = sampler.peak - idle
                    worst = max(worst, above)
                    print(
                        f"{label:<48} {len(data) / 1e6:>7.1f}MB {verdict:>9} {seconds:>6.1f}s "
                        f"{above:>12.0f} MB   (idle {idle:.0f} MB)"
                    )
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=30)
            log.close()
    print(f"worst: {worst:.0f} MB above idle (target < {TARGET_MB:.0f} MB)")
    return 0 if worst < TARGET_MB else 1


if __name__ == "__main__":
    sys.stdout.reconfigure(line_buffering=True)
    sys.exit(main())
