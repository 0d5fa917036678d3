"""``python -m loaders users …`` and who the command-line import is logged as."""

from __future__ import annotations

import getpass
import io
import json
import sys

import pytest

from loaders import users
from loaders.cli import main
from loaders.metrics import store
from tests.auth_support import PASSWORD, cheap_hashing
from tests.cli_support import run_loaders
from tests.metrics.conftest import metrics_row


@pytest.fixture
def db(tmp_path, monkeypatch) -> str:
    url = f"sqlite:///{tmp_path / 'metrics.sqlite'}"
    cheap_hashing(monkeypatch)
    yield url
    store.dispose_engine(url)


def cli(db: str, monkeypatch, *args: str, stdin: str = "") -> int:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    return main(["users", "--db", db, *args])


def test_add_list_set_passwd_remove(db, monkeypatch, capsys):
    assert cli(db, monkeypatch, "add", "Hoa@Tinh.gov.vn", "--role", "editor", "--provinces",
               "04", "8", "--display-name", "Chị Hoa", "--password-stdin",
               stdin=PASSWORD + "\n") == 0  # fmt: skip
    assert cli(db, monkeypatch, "add", "sso@tinh.gov.vn", "--role", "admin", "--oidc") == 0
    capsys.readouterr()
    assert cli(db, monkeypatch, "list", "--json") == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(a["username"], a["role"], a["provinces"], a["sign_in"]) for a in listed] == [
        ("hoa@tinh.gov.vn", "editor", ["04", "08"], "password"),
        ("sso@tinh.gov.vn", "admin", [], "oidc"),
    ]
    assert PASSWORD not in json.dumps(listed) and "argon2" not in json.dumps(listed)
    engine = store.get_engine(db)
    assert users.authenticate(engine, "hoa@tinh.gov.vn", PASSWORD, "cli").provinces == {
        "04",
        "08",
    }

    assert cli(db, monkeypatch, "set", "hoa@tinh.gov.vn", "--provinces", "08", "--disable") == 0
    account = users.get_user(engine, "hoa@tinh.gov.vn")
    assert account.provinces == ("08",) and not account.enabled
    assert cli(db, monkeypatch, "set", "hoa@tinh.gov.vn", "--enable") == 0
    assert cli(db, monkeypatch, "passwd", "hoa@tinh.gov.vn", "--password-stdin",
               stdin="một mật khẩu mới\n") == 0  # fmt: skip
    assert users.authenticate(engine, "hoa@tinh.gov.vn", "một mật khẩu mới", "cli")
    assert cli(db, monkeypatch, "remove", "hoa@tinh.gov.vn") == 0
    assert users.get_user(engine, "hoa@tinh.gov.vn") is None


@pytest.mark.parametrize(
    ("args", "stdin", "said"),
    [
        (["add", "x", "--role", "boss"], "", "unknown role 'boss'"),
        (["add", "x", "--role", "editor", "--provinces", "04", "99", "--password-stdin"],
         PASSWORD, "not a 2025 province code: 99"),
        (["add", "x", "--role", "editor", "--password-stdin"], PASSWORD, "at least one province"),
        (["add", "x", "--password-stdin"], "ngắn", "shorter than 12"),
        (["set", "nobody", "--role", "admin"], "", "no account 'nobody'"),
        (["passwd", "nobody", "--password-stdin"], PASSWORD, "no account 'nobody'"),
        (["remove", "nobody"], "", "no account 'nobody'"),
    ],
)  # fmt: skip
def test_bad_input_exits_1_with_the_reason(db, monkeypatch, capsys, args, stdin, said):
    assert cli(db, monkeypatch, *args, stdin=stdin) == 1
    assert said in capsys.readouterr().err


def test_prompted_passwords_must_match(db, monkeypatch, capsys):
    answers = iter([PASSWORD, PASSWORD + "x"])
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": next(answers))
    assert cli(db, monkeypatch, "add", "hoa") == 1
    assert "the two passwords differ" in capsys.readouterr().err
    assert users.get_user(store.get_engine(db), "hoa") is None


def test_there_is_no_password_option():
    with pytest.raises(SystemExit) as exited:
        main(["users", "add", "hoa", "--password", PASSWORD])
    assert exited.value.code == 2


def test_an_unreachable_database_exits_2(capsys, monkeypatch):
    assert cli("postgresql://nobody@127.0.0.1:9/none", monkeypatch, "list") == 2
    assert "users list: the database cannot be reached or opened" in capsys.readouterr().err


def test_the_command_line_import_is_logged_as_the_os_user(tmp_path, files):
    """Run as an operator does: a real process, its OS user in the import log."""
    url = f"sqlite:///{tmp_path / 'metrics.sqlite'}"
    path = tmp_path / "cao_bang.csv"
    path.write_bytes(files.csv([metrics_row("01273")]))
    done = run_loaders("import", str(path), "--db", url)
    assert done.returncode == 0, done.stderr
    try:
        log = store.import_log(store.get_engine(url))
        assert log.iloc[0]["imported_by"] == f"cli:{users.cli_identity().username}"
    finally:
        store.dispose_engine(url)
