"""Every command of ``python -m loaders`` that opens the metrics database says a failed
database the same way: exit code 2, one line naming the command and the reason, the
driver's first line, and no traceback (a PostgreSQL port where nothing listens, for real)."""

from __future__ import annotations

import pytest

from loaders.cli import main

#: Nothing listens on port 9 (discard) here: the connection is refused at once.
UNREACHABLE = "postgresql://nobody@127.0.0.1:9/none"


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["users", "--db", UNREACHABLE, "list"], "users list:"),
        (["watchlist", "--db", UNREACHABLE], "watchlist:"),
        (["watch-rules", "--db", UNREACHABLE], "watch-rules:"),
        (["watch-rules", "--db", UNREACHABLE, "--set", "overdue_count=40"], "watch-rules:"),
        (["sample", "--db", UNREACHABLE], "sample:"),
    ],
    ids=["users", "watchlist", "watch-rules", "watch-rules-set", "sample"],
)
def test_an_unreachable_database_is_said_plainly(argv, said, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{said} the database cannot be reached or opened ("), err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_a_refused_change_says_nothing_was_stored(capsys):
    assert main(["watch-rules", "--db", UNREACHABLE, "--set", "score_floor=60"]) == 2
    assert capsys.readouterr().err.rstrip().endswith("; nothing was stored")


@pytest.mark.parametrize("url", ["not a url", "nosuchdialect://x/y"])
def test_a_db_option_that_is_no_database_url_is_bad_input(url, capsys):
    assert main(["watchlist", "--db", url]) == 1
    err = capsys.readouterr().err
    assert err.startswith("watchlist: --db is not a database URL ("), err
    assert "Traceback" not in err


def test_a_failure_without_words_still_names_its_kind(capsys):
    from loaders.cli_database import database_failed

    assert database_failed("sample", OSError()) == 2
    assert capsys.readouterr().err == "sample: the database cannot be reached or opened (OSError)\n"
