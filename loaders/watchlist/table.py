"""The watchlist as a table people read: rule names and reasons in Vietnamese or English,
and the same table as CSV, XLSX and JSON. The page's downloads, the command line and the
briefing pack all write through here, so they say the same thing."""

from __future__ import annotations

import json

import pandas as pd

from loaders.messages import format_number, render
from loaders.metrics.safety import SAMPLE_LABEL, to_csv_bytes, to_xlsx_bytes
from loaders.watchlist.flags import FLAG_COLUMNS, MEASURES, Watchlist

#: Columns of :func:`table`, as message keys ``data.watch_column_<name>``.
TABLE_COLUMNS = (
    "province_code",
    "province_name",
    "code",
    "name",
    "rule",
    "reason",
    "status",
    "streak",
    "since",
    "value",
    "previous_value",
    "threshold",
    "numerator",
    "denominator",
    "rule_key",
)
#: Columns that hold codes (kept as text in spreadsheets).
CODE_COLUMNS = ("province_code", "code")


def rule_label(rule: str, lang: str = "vi") -> str:
    """The short name of ``rule`` (a key of :data:`~loaders.watchlist.rules.RULES`)."""
    return render(f"data.watch_rule_{rule}", lang)


def status_label(status: str, lang: str = "vi") -> str:
    """``new`` / ``persisting`` / ``resolved`` in ``lang``."""
    return render(f"data.watch_status_{status}", lang)


def column_label(column: str, lang: str = "vi") -> str:
    return render(f"data.watch_column_{column}", lang)


def _number(value: float) -> float | int:
    """A whole float as an int, so that it is written without decimals (56, not 56,0)."""
    return int(value) if float(value).is_integer() else float(value)


def reason(flag: pd.Series | dict, lang: str = "vi") -> str:
    """Why ``flag`` (a row of :attr:`Watchlist.flags` or :func:`~loaders.watchlist.history`)
    was raised, with its numbers and the threshold: "Đúng hạn 88,0 % (412/468 hồ sơ), dưới
    ngưỡng 90 %"."""
    rule = str(flag["rule"])
    params: dict[str, object] = {}
    for name in MEASURES:
        value = flag.get(name)
        if value is not None and not pd.isna(value):
            params[name] = _number(float(value))
    threshold = params.get("threshold")
    if "value" in params:
        params["value_text"] = _measure(float(params["value"]), threshold, lang)
    if rule == "on_time_drop":
        drop = float(params["previous_value"]) - float(params["value"])
        params["previous_text"] = format_number(float(params["previous_value"]), lang, ".1f")
        params["drop_text"] = _measure(drop, threshold, lang)
    return render(f"data.watch_reason_{rule}", lang, **params)


def _measure(value: float, threshold: object, lang: str) -> str:
    """``value`` with one decimal, or more when one would show it equal to ``threshold``
    (89.98 % is not written "90,0 %" beside a 90 % floor)."""
    for decimals in (1, 2, 3):
        if threshold is None or round(value, decimals) != float(threshold):
            break
    return format_number(value, lang, f".{decimals}f")


def table(watchlist: Watchlist, lang: str = "vi") -> pd.DataFrame:
    """The flags with headers, rule names, reasons and statuses in ``lang`` (codes as text,
    numbers as numbers, rates in percent)."""
    flags = watchlist.flags
    out = pd.DataFrame(
        {
            "province_code": flags["province_code"].astype(str),
            "province_name": flags["province_name"],
            "code": flags["code"].astype(str),
            "name": flags["name"],
            "rule": [rule_label(rule, lang) for rule in flags["rule"]],
            "reason": [reason(row, lang) for _, row in flags.iterrows()],
            "status": [status_label(status, lang) for status in flags["status"]],
            "streak": flags["streak"].astype("int64"),
            "since": flags["since"],
            "value": flags["value"].round(2),
            "previous_value": flags["previous_value"].round(2),
            "threshold": flags["threshold"],
            "numerator": flags["numerator"].astype("Int64"),
            "denominator": flags["denominator"].astype("Int64"),
            "rule_key": flags["rule"],
        },
        columns=list(TABLE_COLUMNS),
    )
    out.columns = [column_label(column, lang) for column in TABLE_COLUMNS]
    return out


def is_sample(watchlist: Watchlist) -> bool:
    """Whether the flags were computed from the generated sample data (all or in part)."""
    return watchlist.data_kind in ("sample", "mixed")


def csv_bytes(watchlist: Watchlist, lang: str = "vi") -> bytes:
    """UTF-8 CSV (BOM, CRLF) of :func:`table`; sample data gets the sample mark as line 1."""
    banner = SAMPLE_LABEL if is_sample(watchlist) else None
    return to_csv_bytes(table(watchlist, lang), banner=banner)


def xlsx_bytes(watchlist: Watchlist, lang: str = "vi") -> bytes:
    """XLSX of :func:`table` (one sheet named after the month; codes as text)."""
    banner = SAMPLE_LABEL if is_sample(watchlist) else None
    frame = table(watchlist, lang)
    codes = [column_label(column, lang) for column in CODE_COLUMNS]
    return to_xlsx_bytes({watchlist.period: frame}, banner=banner, text_columns=codes)


def json_text(watchlist: Watchlist) -> str:
    """The watchlist for programs: period, scope, rules in force, sample flag and every flag
    with English keys (:data:`~loaders.watchlist.flags.FLAG_COLUMNS`; NaN as null)."""
    flags = watchlist.flags[list(FLAG_COLUMNS)].astype(object)
    flags = flags.where(flags.notna(), None)
    return json.dumps(
        {
            "period": watchlist.period,
            "previous_period": watchlist.previous,
            "province": watchlist.province,
            "n_units": watchlist.n_units,
            "data": watchlist.data_kind,
            "rules": watchlist.rules.model_dump(),
            "flags": flags.to_dict(orient="records"),
        },
        ensure_ascii=False,
        indent=1,
    )
