"""Property-based: random malformed files get a clear error, never a crash or a partial write.

Files are built from the real templates' headers and plausible values, then damaged: cells
replaced by junk (text, negatives, huge or non-finite numbers, formulas, NUL, very long text),
headers dropped, duplicated or invented, rows duplicated, bytes truncated, encodings changed,
or plain random bytes. The importer must either import the file or raise
:class:`~loaders.metrics.errors.MetricsInputError` naming the file, and after an error every
data table must be exactly as before. Runs against SQLite and PostgreSQL.
"""

from __future__ import annotations

import io
from datetime import datetime

import pandas as pd
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from loaders.metrics.errors import MetricsInputError
from loaders.metrics.importer import import_file
from loaders.metrics.templates import headers

CODES = ["00004", "00008", "00016", "06978", "01273", "4"] * 3 + ["99999", "", "abc"]
NAMES = ["Ba Đình", "Bình Sơn", "Phúc Xá", "Giảng Võo", "<img src=x onerror=alert(1)>", ""]
PERIODS = ["2025-08", "08/2025", "Tháng 9/2025"] * 4 + ["2025-06", "2030-01", "2025-13", ""]
JUNK = [
    "abc",
    "-1",
    "1e400",
    "nan",
    "=1+1",
    "@SUM(A1)",
    "1.5",
    "12,5",
    "1.234",
    "\x00",
    "x" * 300,
    "9" * 25,
    "  ",
    "TRUE",
    "'; DROP TABLE metrics_service; --",
    "∞",
    "１２",
]

safe_text = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=25)


@st.composite
def cell(draw, header: str) -> object:
    choice = draw(st.integers(0, 30))  # mostly plausible values, so some files import
    if choice == 0:
        return draw(st.sampled_from(JUNK))
    if choice == 1:
        return draw(safe_text)
    if choice == 2:
        return None
    if "Mã đơn vị" in header:
        return draw(st.sampled_from(CODES))
    if "Tên" in header or "Tỉnh" in header:
        return draw(st.sampled_from([*NAMES, "Hà Nội", "Quảng Ngãi"]))
    if "Kỳ" in header:
        return draw(st.sampled_from(PERIODS))
    if "Ngày" in header or "Hạn" in header:
        return draw(
            st.sampled_from(["2025-08-01", "01/08/2025", "2025-07-15 10:00:00", "", "2024-01-01"])
        )
    if header == "Trực tuyến":
        return draw(st.sampled_from(["1", "0", "có", "không", "?"]))
    if draw(st.integers(0, 9)) == 0:
        return draw(
            st.one_of(st.integers(-5, 10**12), st.floats(allow_nan=True, allow_infinity=True))
        )
    return draw(st.integers(0, 18))  # valid for every count and score column


@st.composite
def damaged_valid_file(draw) -> tuple[bytes, str]:
    """A valid metrics file (distinct units) with at most one cell damaged."""
    codes = draw(
        st.lists(
            st.sampled_from(["00004", "00008", "00025", "01273", "21040", "06978"]),
            min_size=1,
            max_size=5,
            unique=True,
        )
    )
    rows = []
    for code in codes:
        received = draw(st.integers(0, 500))
        online = draw(st.integers(0, received))
        on_time = draw(st.integers(0, received))
        late = draw(st.integers(0, received - on_time))
        rows.append(
            {
                "Mã đơn vị": code,
                "Kỳ báo cáo (tháng)": "2025-08",
                "Hồ sơ tiếp nhận": received,
                "Hồ sơ tiếp nhận trực tuyến": online,
                "Giải quyết đúng hạn": on_time,
                "Giải quyết quá hạn": late,
                "Tỷ lệ hài lòng (%)": draw(st.floats(0, 100).map(lambda v: round(v, 1))),
            }
        )
    frame = pd.DataFrame(rows)
    if draw(st.booleans()):
        frame = frame.astype(object)
        row = draw(st.integers(0, len(frame) - 1))
        column = draw(st.sampled_from(list(frame.columns)))
        frame.loc[row, column] = draw(st.one_of(st.sampled_from(JUNK), safe_text))
    if draw(st.booleans()):
        return frame.to_csv(index=False).encode(), "v.csv"
    table = frame.set_axis(range(frame.shape[1]), axis=1)
    return _xlsx(list(frame.columns), table, draw, damage=False), "v.xlsx"


@st.composite
def malformed_file(draw) -> tuple[bytes, str]:
    form = draw(st.sampled_from(["csv", "csv", "xlsx", "xlsx", "bytes", "valid", "valid"]))
    if form == "valid":
        return draw(damaged_valid_file())
    if form == "bytes":
        prefix = draw(st.sampled_from([b"", b"PK\x03\x04", b"\xef\xbb\xbf", b"\xff\xfe"]))
        return prefix + draw(st.binary(max_size=600)), draw(st.sampled_from(["r.csv", "r.xlsx"]))
    kind = draw(st.sampled_from(["metrics", "volunteers", "dossiers"]))
    lang = draw(st.sampled_from(["vi", "en"]))
    columns = list(headers(kind, lang))
    if draw(st.booleans()):
        columns = draw(st.lists(st.sampled_from(columns), min_size=1, max_size=len(columns)))
    if draw(st.integers(0, 4)) == 0:
        columns.append(draw(st.sampled_from(["Cột lạ", "", columns[0], "=cmd"])))
    vi = headers(kind, "vi")
    as_vi = {e: v for e, v in zip(headers(kind, "en"), vi, strict=True)}
    n_rows = draw(st.integers(0, 5))
    rows = [[draw(cell(as_vi.get(c, c))) for c in columns] for _ in range(n_rows)]
    if rows and draw(st.booleans()):
        rows.append(list(rows[0]))  # a duplicate row
    frame = pd.DataFrame(rows, columns=range(len(columns)))
    if form == "csv":
        text = pd.DataFrame(rows, columns=columns).to_csv(
            index=False, sep=draw(st.sampled_from([",", ";", "\t"]))
        )
        encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1258"]))
        data = text.encode(encoding, errors="replace")
        name = "f.csv"
    else:
        data = _xlsx(columns, frame, draw)
        name = "f.xlsx"
    if draw(st.integers(0, 5)) == 0:
        data = data[: int(len(data) * draw(st.floats(0, 1)))]  # XLSX length varies by run
    return data, name


def _xlsx(columns: list[str], frame: pd.DataFrame, draw, damage: bool = True) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    book = Workbook()
    sheet = book.active
    clean = lambda v: ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v  # noqa: E731
    sheet.append([clean(c) for c in columns])
    for record in frame.itertuples(index=False, name=None):
        values = [clean(v) for v in record]
        if damage and draw(st.integers(0, 6)) == 0:
            values[0] = datetime(2025, 8, 1)
        sheet.append([None if isinstance(v, float) and v != v else v for v in values])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(upload=malformed_file())
def test_malformed_files_get_a_clear_error_and_no_partial_write(engine, snap, upload):
    data, name = upload
    before = snap(engine)
    try:
        import_file(engine, data, name, max_period="2026-10")
        event("imported")
    except MetricsInputError as error:
        event(type(error).__name__)
        message = str(error)
        assert message.strip() and name in message
        after = snap(engine)
        for kind, table in before.items():
            pd.testing.assert_frame_equal(table, after[kind])
