"""``python -m loaders watchlist`` and ``watch-rules``: the page's results, byte for byte,
and refusals that name what was wrong."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import Engine

from loaders.cli import main
from loaders.watchlist import rules_in_force, watchlist
from loaders.watchlist import table as watch_table
from tests.metrics.test_watchlist_rules import CB, _full


@pytest.fixture
def stored(engine: Engine) -> Engine:
    _full(
        engine,
        {
            (CB[0], "2026-04"): {"received_online": 20},
            (CB[1], "2026-03"): {"resolved_late": 80},
            (CB[2], "2026-04"): {"received": 0, "received_online": 0},
        },
    )
    return engine


def _url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_csv_is_the_pages_download(stored: Engine, capsysbinary, lang: str) -> None:
    args = ["watchlist", "--province", "04", "--period", "2026-04", "--lang", lang]
    assert main([*args, "--csv", "--db", _url(stored)]) == 0
    expected = watch_table.csv_bytes(watchlist(stored, "2026-04", "04"), lang)
    assert capsysbinary.readouterr().out == expected


def test_json_has_every_flag_with_english_keys(stored: Engine, capsys) -> None:
    assert main(["watchlist", "--json", "--db", _url(stored)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["period"] == "2026-04" and out["province"] is None
    assert out["rules"]["online_target"] == 50
    flags = {(f["code"], f["rule"]): f for f in out["flags"]}
    assert flags[(CB[0], "online_low")]["numerator"] == 20
    assert flags[(CB[1], "overdue")]["status"] == "resolved"
    assert flags[(CB[2], "zero_dossiers")]["value"] == 0
    assert len(out["flags"]) == len(watchlist(stored).flags)


def test_xlsx_and_listing(stored: Engine, tmp_path, capsys) -> None:
    target = tmp_path / "cao-bang.xlsx"
    assert main(["watchlist", "--province", "04", "--xlsx", str(target), "--db", _url(stored)]) == 0
    assert target.read_bytes()[:2] == b"PK"
    assert main(["watchlist", "--province", "04", "--lang", "en", "--db", _url(stored)]) == 0
    listing = capsys.readouterr().out
    assert "Online 20.0% (20 of 100 dossiers), below the 50% target" in listing


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--province", "99"], "'99'"),
        (["--period", "2024-12"], "'2024-12'"),
    ],
)
def test_unknown_province_or_period_is_refused(stored: Engine, capsys, args, named) -> None:
    assert main(["watchlist", *args, "--lang", "en", "--db", _url(stored)]) == 1
    captured = capsys.readouterr()
    assert named in captured.err and captured.out == ""


def test_rules_from_the_command_line(stored: Engine, capsys) -> None:
    db = ["--db", _url(stored)]
    assert main(["watch-rules", "--set", "online_target=110", *db]) == 1
    assert "online_target" in capsys.readouterr().err
    assert rules_in_force(stored).online_target == 50
    assert (
        main(["watch-rules", "--set", "online_target=15", "overdue_count=60", "--json", *db]) == 0
    )
    rows = {row["setting"]: row for row in json.loads(capsys.readouterr().out)}
    assert rows["online_target"]["value"] == 15
    assert rows["online_target"]["changed_by"].startswith("cli:")
    assert rows["score_floor"]["changed_by"] is None
    flagged = watchlist(stored, "2026-04", "04").flags
    assert (CB[0], "online_low") not in set(zip(flagged["code"], flagged["rule"], strict=True))
