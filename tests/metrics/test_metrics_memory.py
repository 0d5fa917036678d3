"""Bounded memory: a very wide and a very tall XLSX (and a whole national year of metrics,
accepted) keep the process under 300 MB above where it started, measured in a subprocess.

The files are written straight to a zip stream by ``bench/xlsx_shapes.py``: 1,500 rows of
16,384 cells without references (740 KB, 369 MB of sheet XML, under the 400 MiB unzipped
limit) and 1,040,000 rows in 5 MB. Before the readers streamed the sheet with its limits,
such files took the server to 3.2 GB and 1.7 GB.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from loaders.paths import REPO_ROOT

sys.path.insert(0, str(REPO_ROOT / "bench"))
from xlsx_shapes import DOSSIER_HEADERS, tall_xlsx, wide_xlsx

from loaders.metrics.safety import MAX_UPLOAD_BYTES

#: Most memory an upload may take above the process's memory before it.
BUDGET_MB = 300

CHILD = """
import sys, time
from pathlib import Path

def status(key):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024

from loaders.metrics.errors import MetricsInputError
from loaders.metrics.importer import prepare

warm = "Mã đơn vị,Kỳ báo cáo (tháng),Hồ sơ tiếp nhận\\n00004,2025-08,1\\n".encode()
prepare(warm, "warm.csv", max_period="2026-10")  # imports and caches loaded first
data = Path(sys.argv[1]).read_bytes()
before = status("VmRSS")
try:
    prepared = prepare(data, Path(sys.argv[1]).name, max_period="2026-10")
    outcome = f"accepted {len(prepared.rows)}"
except MetricsInputError as error:
    outcome = "refused " + str(error).splitlines()[0]
print(f"{status('VmHWM') - before:.1f}")
print(outcome)
"""


def peak_above_start(path: Path) -> tuple[float, str]:
    """(peak MB above the memory before ``prepare``, outcome) of a fresh interpreter."""
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    peak, outcome = done.stdout.strip().splitlines()
    return float(peak), outcome


@pytest.mark.parametrize(
    ("shape", "refusal"),
    [("wide", "more than 1,000 cells"), ("tall", "more than 250,000 data rows")],
)
def test_a_wide_or_tall_xlsx_is_refused_within_the_memory_budget(tmp_path, shape, refusal):
    path = tmp_path / f"{shape}.xlsx"
    path.write_bytes(wide_xlsx(1500) if shape == "wide" else tall_xlsx(1_040_000))
    peak, outcome = peak_above_start(path)
    assert outcome.startswith("refused") and refusal in outcome, outcome
    assert peak < BUDGET_MB, f"{shape}: {peak:.0f} MB"


def test_a_national_year_of_metrics_is_accepted_within_the_memory_budget(tmp_path):
    from bench_metrics import build_xlsx

    path = tmp_path / "year.xlsx"
    path.write_bytes(build_xlsx())  # 3,321 units x 12 months, every column
    peak, outcome = peak_above_start(path)
    assert outcome == "accepted 39852", outcome
    assert peak < BUDGET_MB, f"{peak:.0f} MB"


#: What the reading of a dossier export may take, above the memory before it: the page's
#: budget less what Streamlit holds of an upload at the limit while it arrives (about twice
#: the file; see bench/bench_import_memory.py --dossiers).
DOSSIER_BUDGET_MB = BUDGET_MB - 2 * MAX_UPLOAD_BYTES["dossiers"] / 1e6


def test_a_dossier_xlsx_at_excels_row_limit_is_streamed_within_the_budget(tmp_path):
    path = tmp_path / "dossiers.xlsx"
    path.write_bytes(tall_xlsx(1_040_000, DOSSIER_HEADERS))  # 3.1 M cells: python-calamine
    peak, outcome = peak_above_start(path)  # held them all in 290 MB
    assert outcome.startswith("accepted"), outcome
    assert peak < DOSSIER_BUDGET_MB, f"{peak:.0f} MB"


def test_a_dossier_csv_at_the_upload_limit_is_read_within_the_budget(tmp_path):
    from bench_metrics import write_dossiers

    path = tmp_path / "dossiers.csv"
    rows = int(MAX_UPLOAD_BYTES["dossiers"] / 81.5)  # write_dossiers: about 81 bytes a row
    write_dossiers(path, rows)
    assert 0.95 * MAX_UPLOAD_BYTES["dossiers"] < path.stat().st_size <= MAX_UPLOAD_BYTES["dossiers"]
    peak, outcome = peak_above_start(path)
    assert outcome.startswith("accepted"), outcome
    assert peak < DOSSIER_BUDGET_MB, f"{peak:.0f} MB"
