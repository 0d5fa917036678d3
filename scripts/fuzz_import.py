"""Fuzz the import (not a test; run by hand, figures go in the notes).

Generates files the way a data clerk on a bad day would produce them — cut short, emptied,
re-encoded, with bytes flipped, formulas left uncomputed, names contradicting codes, cells
far to the right, damaged zip streams — from valid metrics, volunteer and dossier files, and
imports each into a real SQLite store that already holds data. For every file it records:

* **crash**: any exception other than the import's own answers (``MetricsInputError`` for
  the file, ``ImportFailed`` for the database);
* **hang**: no answer within ``--timeout`` seconds;
* **changed on refusal**: stored rows differ after a refused import;
* **lost on acceptance**: an accepted import removed stored rows (it never may without
  ``replace_missing``), or its import-log counts disagree with the rows stored.

    python scripts/fuzz_import.py --files 10000 --workers 8 [--seed 1] [--out DIR]
                                  [--stream-xlsx]

``--stream-xlsx`` reads every dossier XLSX with the streamed reader
(:mod:`loaders.metrics.xlsx_stream`), which otherwise only takes sheets of more than
:data:`~loaders.metrics.readers.CALAMINE_MAX_CELLS` cells.

Exit code 0 when none of the four happened. Failing files are written to ``--out``.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import multiprocessing
import random
import shutil
import signal
import sys
import tempfile
import time
import traceback
import zipfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PERIODS = ["2025-08", "2025-09"]
PROVINCES = ["04", "01"]  # Cao Bằng (56 units) and Hà Nội (some of its units)


class Hang(Exception):
    """No answer in time."""


def _alarm(_signum, _frame):
    raise Hang()


# ------------------------------------------------------------------------ base files


def _units():
    from loaders.register import new_units

    units = new_units()
    cao_bang = units[units.province_code == "04"]
    ha_noi = units[units.province_code == "01"].head(40)
    return units, cao_bang, ha_noi


def metrics_frame(rng: random.Random, units, period: str):
    import pandas as pd

    rows = []
    for r in units.itertuples():
        received = rng.randint(0, 500)
        online = rng.randint(0, received)
        on_time = rng.randint(0, received)
        late = rng.randint(0, received - on_time)
        rows.append(
            {
                "Mã đơn vị": r.code,
                "Tên đơn vị": r.name,
                "Tỉnh/thành phố": r.province_name,
                "Kỳ báo cáo (tháng)": period,
                "Hồ sơ tiếp nhận": received,
                "Hồ sơ tiếp nhận trực tuyến": online,
                "Giải quyết đúng hạn": on_time,
                "Giải quyết quá hạn": late,
                "Tổng điểm (/100)": round(rng.uniform(40, 100), 1),
            }
        )
    return pd.DataFrame(rows)


def volunteers_frame(rng: random.Random, units, period: str):
    import pandas as pd

    rows = [
        {
            "Tên đội hình": f"Đội {i}",
            "Mã đơn vị": r.code,
            "Kỳ báo cáo (tháng)": period,
            "Số tình nguyện viên": rng.randint(1, 40),
            "Lượt người dân được hỗ trợ": rng.randint(0, 300),
        }
        for i, r in enumerate(units.itertuples())
        if rng.random() < 0.7
    ]
    return pd.DataFrame(rows)


def dossiers_frame(rng: random.Random, units, period: str):
    import pandas as pd

    codes = list(units.code)
    rows = [
        {
            "Mã hồ sơ": f"HS{period}-{i}",
            "Mã đơn vị": rng.choice(codes),
            "Ngày tiếp nhận": f"{period}-{rng.randint(1, 28):02d}",
            "Trực tuyến": rng.randint(0, 1),
            "Hạn giải quyết": f"{period}-28",
        }
        for i in range(rng.randint(5, 120))
    ]
    return pd.DataFrame(rows)


def to_csv(frame, rng: random.Random) -> bytes:
    sep = rng.choice([",", ",", ";", "\t"])
    encoding = rng.choice(["utf-8", "utf-8-sig", "utf-8", "utf-16", "cp1258"])
    text = frame.to_csv(index=False, sep=sep, lineterminator=rng.choice(["\n", "\r\n"]))
    try:
        return text.encode(encoding)
    except UnicodeEncodeError:
        return text.encode("utf-8")


def to_xlsx(frame, formulas: list[tuple[int, int, str]] | None = None) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Dữ liệu"
    sheet.append(list(frame.columns))
    for record in frame.itertuples(index=False, name=None):
        sheet.append([None if (isinstance(v, float) and v != v) else v for v in record])
    for row, column, formula in formulas or []:
        sheet.cell(row=row, column=column, value=formula)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# ------------------------------------------------------------------------ mutations


def _corrupt_deflate(data: bytes, rng: random.Random) -> bytes:
    raw = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = rng.choice([i for i in archive.infolist() if i.compress_size > 40])
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(start + 4, start + min(info.compress_size, 40)):
        raw[i] ^= rng.randint(1, 255)
    return bytes(raw)


def make_file(rng: random.Random, units_sets) -> tuple[str, str, bytes]:
    """(mutation, file name, bytes) of one generated file."""
    _units_all, cao_bang, ha_noi = units_sets
    kind = rng.choice(["metrics", "metrics", "metrics", "volunteers", "dossiers"])
    units = rng.choice([cao_bang, ha_noi])
    period = rng.choice(PERIODS)
    frame = {"metrics": metrics_frame, "volunteers": volunteers_frame, "dossiers": dossiers_frame}[
        kind
    ](rng, units, period)
    fmt = rng.choice(["csv", "csv", "xlsx"])
    mutation = rng.choice(
        [
            "valid",
            "valid-subset",
            "truncate",
            "truncate",
            "truncate-lines",
            "short-last-row",
            "empty",
            "header-only",
            "flip-bytes",
            "nul",
            "province-name",
            "unit-name",
            "bad-code",
            "negative",
            "text-number",
            "duplicate",
            "far-right",
            "formula",
            "damaged-zip",
            "truncate-zip",
        ]
    )
    if mutation in ("formula", "damaged-zip", "truncate-zip"):
        fmt = "xlsx"  # mutations of a workbook
    if mutation in ("truncate-lines", "short-last-row"):
        fmt = "csv"  # mutations of a text file
    name = f"{kind}.{fmt}"
    if mutation == "valid-subset" and len(frame) > 2:
        frame = frame.iloc[: rng.randint(1, len(frame) - 1)]
    if mutation == "province-name" and "Tỉnh/thành phố" in frame:
        frame.loc[rng.randrange(len(frame)), "Tỉnh/thành phố"] = rng.choice(
            ["Cao Bằng", "Hà Nội", "Lâm Đồng", "Cà Mau", "Tỉnh X"]
        )
    if mutation == "unit-name" and "Tên đơn vị" in frame:
        frame.loc[rng.randrange(len(frame)), "Tên đơn vị"] = rng.choice(
            list(cao_bang.name) + list(ha_noi.name) + ["Xã Không Có"]
        )
    if mutation == "bad-code":
        frame["Mã đơn vị"] = frame["Mã đơn vị"].astype(object)
        frame.loc[rng.randrange(len(frame)), "Mã đơn vị"] = rng.choice(
            ["1273", "99999", "", "01273.0", "0127３", "=1+1"]
        )
    numeric = [c for c in frame.columns if frame[c].dtype.kind in "if"]
    if mutation in ("negative", "text-number") and numeric:
        column = rng.choice(numeric)
        frame[column] = frame[column].astype(object)
        frame.loc[rng.randrange(len(frame)), column] = (
            -rng.randint(1, 99) if mutation == "negative" else rng.choice(["abc", "1,2,3", "1e999"])
        )
    if mutation == "duplicate":
        import pandas as pd

        frame = pd.concat([frame, frame.iloc[[rng.randrange(len(frame))]]], ignore_index=True)
    if mutation == "far-right":
        frame["extra"] = None
        frame.loc[rng.randrange(len(frame)), "extra"] = "x"
    if mutation == "header-only":
        frame = frame.iloc[0:0]
    if fmt == "xlsx":
        formulas = None
        if mutation == "formula" and numeric:
            formulas = [
                (
                    rng.randint(2, len(frame) + 1),
                    list(frame.columns).index(rng.choice(numeric)) + 1,
                    "=1+1",
                )
            ]
        data = to_xlsx(frame, formulas)
        if mutation == "damaged-zip":
            data = _corrupt_deflate(data, rng)
        if mutation in ("truncate", "truncate-zip"):
            data = data[: rng.randint(0, len(data) - 1)]
    else:
        data = to_csv(frame, rng)
        if mutation == "truncate":
            data = data[: rng.randint(0, len(data) - 1)]
        if mutation == "truncate-lines":
            lines = data.split(b"\n")
            data = b"\n".join(lines[: rng.randint(1, len(lines))])
        if mutation == "short-last-row":
            body = data.rstrip(b"\r\n")
            cut = max(body.rfind(b","), body.rfind(b";"), body.rfind(b"\t"))
            data = body[:cut] + b"\n" if cut > 0 else body
    if mutation == "empty":
        data = rng.choice([b"", b"\n\n", b"\xef\xbb\xbf", b" , ,\n"])
    if mutation == "flip-bytes" and data:
        raw = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            raw[rng.randrange(len(raw))] = rng.randrange(256)
        data = bytes(raw)
    if mutation == "nul" and data:
        at = rng.randrange(len(data))
        data = data[:at] + b"\x00" + data[at:]
    return mutation, name, data


# ------------------------------------------------------------------------ the store


def digest(engine) -> str:
    from loaders.metrics import store

    parts = []
    for kind in store.TABLES:
        rows = store.load_rows(engine, kind).drop(columns=["id", "import_id"], errors="ignore")
        key = ["code", "period", "team_name"] if kind == "volunteers" else ["code", "period"]
        rows = rows.sort_values(key, ignore_index=True)
        parts.append(rows.to_csv(index=False))
    return hashlib.sha256("".join(parts).encode()).hexdigest()


def base_store(path: Path, units_sets) -> None:
    from loaders.metrics import store
    from loaders.metrics.importer import import_file

    _all, cao_bang, ha_noi = units_sets
    rng = random.Random(0)
    engine = store.get_engine(f"sqlite:///{path}")
    for period in PERIODS:
        for units in (cao_bang, ha_noi):
            import_file(
                engine,
                to_csv(metrics_frame(rng, units, period), random.Random(1)),
                "base.csv",
                max_period="2026-10",
            )
            import_file(
                engine,
                volunteers_frame(rng, units, period).to_csv(index=False).encode(),
                "base-v.csv",
                max_period="2026-10",
            )
    store.dispose_engine(f"sqlite:///{path}")


# ------------------------------------------------------------------------ a worker


def work(args: tuple[int, int, int, str, str, float, bool]) -> dict:
    worker, start, count, base, out, timeout, stream_xlsx = args
    from sqlalchemy import func, select

    from loaders.metrics import readers, store

    if stream_xlsx:
        readers.CALAMINE_MAX_CELLS = 0
    from loaders.metrics.errors import MetricsInputError
    from loaders.metrics.importer import ImportFailed, import_file

    folder = Path(tempfile.mkdtemp(prefix=f"fuzz{worker}-"))
    db = folder / "store.sqlite"
    shutil.copyfile(base, db)
    url = f"sqlite:///{db}"
    engine = store.get_engine(url)
    pristine = digest(engine)
    units_sets = _units()
    signal.signal(signal.SIGALRM, _alarm)
    outcomes: Counter = Counter()
    by_mutation: Counter = Counter()
    findings: list[str] = []
    slowest = 0.0
    for number in range(start, start + count):
        rng = random.Random(number)
        mutation, name, data = make_file(rng, units_sets)
        before = pristine
        started = time.perf_counter()
        signal.setitimer(signal.ITIMER_REAL, timeout)
        try:
            report = import_file(engine, data, name, max_period="2026-10")
            outcome = "accepted"
        except MetricsInputError:
            outcome = "refused"
        except ImportFailed as error:
            outcome = f"database: {error.reason}"
        except Hang:
            outcome = "hang"
        except Exception as error:  # everything else is a crash
            outcome = "crash"
            findings.append(
                f"crash #{number} ({mutation}, {name}): {type(error).__name__}: {error}\n"
                + "".join(traceback.format_exception(error)[-3:])
            )
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        slowest = max(slowest, time.perf_counter() - started)
        outcomes[outcome] += 1
        by_mutation[(mutation, outcome)] += 1
        if outcome in ("crash", "hang"):
            (Path(out) / f"{outcome}-{number}-{name}").write_bytes(data)
            if outcome == "hang":
                findings.append(f"hang #{number} ({mutation}, {name})")
        after = digest(engine)
        if outcome != "accepted" and after != before:
            outcomes["changed on refusal"] += 1
            findings.append(f"changed on refusal #{number} ({mutation}, {name})")
            (Path(out) / f"changed-{number}-{name}").write_bytes(data)
        if outcome == "accepted":
            with engine.connect() as conn:
                log = (
                    conn.execute(select(store.imports).order_by(store.imports.c.id.desc()).limit(1))
                    .mappings()
                    .one()
                )
            counts = report.counts
            lost = counts.removed != 0 or log["rows_removed"] != 0
            kind_table = store.TABLES["volunteers" if report.kind == "volunteers" else "metrics"]
            with engine.connect() as conn:
                stored = conn.execute(
                    select(func.count())
                    .select_from(kind_table)
                    .where(kind_table.c.import_id == report.import_id)
                ).scalar_one()
            if lost or stored != report.rows_stored:
                outcomes["lost on acceptance"] += 1
                findings.append(
                    f"lost on acceptance #{number} ({mutation}, {name}): removed "
                    f"{counts.removed}, stored {stored} of {report.rows_stored}"
                )
                (Path(out) / f"lost-{number}-{name}").write_bytes(data)
            # back to the base store for the next file
            store.dispose_engine(url)
            shutil.copyfile(base, db)
            engine = store.get_engine(url)
    store.dispose_engine(url)
    shutil.rmtree(folder, ignore_errors=True)
    return {
        "outcomes": outcomes,
        "by_mutation": by_mutation,
        "findings": findings,
        "slowest": slowest,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--seed", type=int, default=1, help="first file's seed")
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds per file")
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "fuzz_import")
    parser.add_argument(
        "--stream-xlsx", action="store_true", help="read every dossier XLSX as a stream"
    )
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder) / "base.sqlite"
        base_store(base, _units())
        share = -(-args.files // args.workers)
        jobs = [
            (
                w,
                args.seed + w * share,
                min(share, args.files - w * share),
                str(base),
                str(args.out),
                args.timeout,
                args.stream_xlsx,
            )
            for w in range(args.workers)
            if args.files - w * share > 0
        ]
        with multiprocessing.get_context("spawn").Pool(len(jobs)) as pool:
            results = pool.map(work, jobs)
    outcomes: Counter = Counter()
    by_mutation: Counter = Counter()
    findings: list[str] = []
    for result in results:
        outcomes.update(result["outcomes"])
        by_mutation.update(result["by_mutation"])
        findings += result["findings"]
    total = sum(
        v for k, v in outcomes.items() if k not in ("changed on refusal", "lost on acceptance")
    )
    print(f"{total:,} files in {time.perf_counter() - started:.0f} s ({args.workers} workers)")
    for key in ("accepted", "refused", "crash", "hang", "changed on refusal", "lost on acceptance"):
        print(f"  {key:<22} {outcomes.get(key, 0):>7,}")
    for key, value in sorted(outcomes.items()):
        if key.startswith("database"):
            print(f"  {key:<22} {value:>7,}")
    print(f"  slowest file           {max(r['slowest'] for r in results):>7.2f} s")
    print("per mutation (accepted / refused / other):")
    for mutation in sorted({m for m, _ in by_mutation}):
        acc = by_mutation[(mutation, "accepted")]
        ref = by_mutation[(mutation, "refused")]
        other = sum(v for (m, o), v in by_mutation.items() if m == mutation) - acc - ref
        print(f"  {mutation:<16} {acc:>6} {ref:>6} {other:>6}")
    for finding in findings[:30]:
        print(finding)
    bad = sum(
        outcomes.get(k, 0) for k in ("crash", "hang", "changed on refusal", "lost on acceptance")
    )
    print("OK" if not bad else f"{bad} findings; files in {args.out}")
    return 0 if not bad else 1


if __name__ == "__main__":
    sys.exit(main())
