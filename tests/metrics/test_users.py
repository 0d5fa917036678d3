"""Accounts, roles and sign-in (loaders.users) on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from sqlalchemy import Engine

from loaders import users
from tests.auth_support import PASSWORD, cheap_hashing


@pytest.fixture
def accounts(engine: Engine, monkeypatch) -> Engine:
    """The metrics database with the account tables emptied (argon2 at its cheapest)."""
    cheap_hashing(monkeypatch)
    users.ensure_tables(engine)
    users.metadata.drop_all(engine)
    users.metadata.create_all(engine)
    return engine


def test_roles_say_what_may_be_imported(accounts):
    users.add_user(accounts, "Editor@Tinh.gov.vn", "editor", ["4", "08"], PASSWORD, "Chị Hoa")
    users.add_user(accounts, "admin", "admin", password=PASSWORD)
    users.add_user(accounts, "viewer", "viewer", password=PASSWORD)

    editor = users.authenticate(accounts, "editor@tinh.gov.vn", PASSWORD, "10.0.0.1")
    assert editor == users.Identity(
        "editor@tinh.gov.vn", "editor", frozenset({"04", "08"}), "local", "Chị Hoa"
    )
    assert editor.can_import("04") and editor.can_import("08") and not editor.can_import("01")
    assert editor.allowed_provinces == {"04", "08"} and not editor.is_admin
    admin = users.authenticate(accounts, "ADMIN", PASSWORD, "10.0.0.1")
    assert admin.is_admin and admin.can_import("01") and admin.allowed_provinces is None
    viewer = users.authenticate(accounts, "viewer", PASSWORD, "10.0.0.1")
    assert not viewer.can_import_any and not viewer.can_import("04")
    assert viewer.allowed_provinces == frozenset()


def test_bad_roles_provinces_and_passwords_are_clear_errors(accounts):
    with pytest.raises(users.UserError, match="unknown role 'boss'"):
        users.add_user(accounts, "a", "boss", password=PASSWORD)
    with pytest.raises(users.UserError, match="not a 2025 province code: 99, x1"):
        users.add_user(accounts, "a", "editor", ["04", "99", "x1"], PASSWORD)
    with pytest.raises(users.UserError, match="at least one province"):
        users.add_user(accounts, "a", "editor", [], PASSWORD)
    with pytest.raises(users.UserError, match="editors only"):
        users.add_user(accounts, "a", "admin", ["04"], PASSWORD)
    with pytest.raises(users.UserError, match="shorter than 12"):
        users.add_user(accounts, "a", "viewer", password="short")
    with pytest.raises(users.UserError, match="no spaces"):
        users.add_user(accounts, "a b", "viewer", password=PASSWORD)
    users.add_user(accounts, "a", "viewer", password=PASSWORD)
    with pytest.raises(users.UserError, match="exists already"):
        users.add_user(accounts, "A", "viewer", password=PASSWORD)
    assert [a.username for a in users.list_users(accounts)] == ["a"]


def test_the_app_hashes_with_argon2id_at_the_rfc_9106_low_memory_profile():
    from argon2 import Type, profiles

    assert users._HASHER.type is Type.ID
    assert users._HASHER.memory_cost >= profiles.RFC_9106_LOW_MEMORY.memory_cost
    assert users._HASHER.time_cost >= profiles.RFC_9106_LOW_MEMORY.time_cost


def test_the_hash_is_argon2_and_never_the_password(accounts):
    from sqlalchemy import select

    users.add_user(accounts, "hoa", "viewer", password=PASSWORD)
    with accounts.connect() as conn:
        stored = conn.execute(select(users.users.c.password_hash)).scalar_one()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert "password_hash" not in users.list_users(accounts)[0].as_json()


def test_every_failure_is_the_same_error_and_logged_without_the_password(accounts, caplog):
    users.add_user(accounts, "hoa", "editor", ["04"], PASSWORD)
    users.add_user(accounts, "oidc@tinh.gov.vn", "editor", ["04"])  # no password
    users.add_user(accounts, "off", "viewer", password=PASSWORD)
    users.update_user(accounts, "off", enabled=False)
    caplog.set_level(logging.INFO, logger="loaders.users")
    attempts = [
        ("hoa", "sai mật khẩu rồi", "wrong password"),
        ("nobody", PASSWORD, "unknown username"),
        ("oidc@tinh.gov.vn", PASSWORD, "no password"),
        ("off", PASSWORD, "account disabled"),
    ]
    for name, password, reason in attempts:
        with pytest.raises(users.SignInFailed) as refused:
            users.authenticate(accounts, name, password, "203.0.113.9")
        assert str(refused.value) == "wrong username or password"
        assert reason in refused.value.reason
    with pytest.raises(users.SignInFailed):  # a forged log line stays on its own line
        users.authenticate(accounts, "x\nINFO signed in admin", PASSWORD, "1.2.3.4")
    log = caplog.text
    assert "203.0.113.9" in log and "'nobody'" in log and "'hoa'" in log
    assert "sai mật khẩu" not in log and PASSWORD not in log and "$argon2" not in log
    assert "'x\\ninfo signed in admin'" in log and "\nINFO signed in admin" not in log


def test_five_failures_lock_the_username_for_fifteen_minutes(accounts, caplog):
    users.add_user(accounts, "hoa", "editor", ["04"], PASSWORD)
    start = users.utc_now()
    for minute in range(users.MAX_FAILURES):
        with pytest.raises(users.SignInFailed):
            at = start + timedelta(minutes=2 * minute)
            users.authenticate(accounts, "hoa", "wrong password!", "c", now=at)
    locked_at = start + timedelta(minutes=2 * (users.MAX_FAILURES - 1))
    # locked: even the right password is refused, and the lock is in the database
    with pytest.raises(users.SignInLocked) as locked:
        users.authenticate(accounts, "HOA", PASSWORD, "c", now=locked_at + timedelta(minutes=1))
    assert locked.value.minutes_left == 14
    assert users.locked_until(accounts, "hoa", locked_at) == locked_at + users.LOCK
    assert "locked for 15 minutes after 5 failed sign-ins" in caplog.text
    # after fifteen minutes the right password works and clears the count
    later = locked_at + users.LOCK + timedelta(seconds=1)
    assert users.authenticate(accounts, "hoa", PASSWORD, "c", now=later).username == "hoa"


def test_the_lock_holds_for_another_app_server(accounts):
    """Another process's engine on the same database sees the lock (it is stored there)."""
    from sqlalchemy import create_engine

    users.add_user(accounts, "hoa", "viewer", password=PASSWORD)
    for _ in range(users.MAX_FAILURES):
        with pytest.raises(users.SignInFailed):
            users.authenticate(accounts, "hoa", "nope", "server 1")
    other = create_engine(accounts.url)
    try:
        with pytest.raises(users.SignInLocked):
            users.authenticate(other, "hoa", PASSWORD, "server 2")
    finally:
        other.dispose()


def test_failures_spread_beyond_the_window_do_not_lock(accounts):
    users.add_user(accounts, "hoa", "viewer", password=PASSWORD)
    start = users.utc_now()
    for step in range(2 * users.MAX_FAILURES):
        with pytest.raises(users.SignInFailed):
            users.authenticate(accounts, "hoa", "nope", "c", now=start + step * users.WINDOW / 3)
    now = start + 2 * users.MAX_FAILURES * users.WINDOW / 3
    assert users.authenticate(accounts, "hoa", PASSWORD, "c", now=now).role == "viewer"


def test_unknown_usernames_are_locked_too(accounts):
    for _ in range(users.MAX_FAILURES):
        with pytest.raises(users.SignInFailed):
            users.authenticate(accounts, "ghost", "nope", "c")
    with pytest.raises(users.SignInLocked):
        users.authenticate(accounts, "ghost", "nope", "c")


def test_a_new_password_or_enabling_lifts_the_lock(accounts):
    users.add_user(accounts, "hoa", "viewer", password=PASSWORD)
    for _ in range(users.MAX_FAILURES):
        with pytest.raises(users.SignInFailed):
            users.authenticate(accounts, "hoa", "nope", "c")
    users.set_password(accounts, "hoa", PASSWORD + "!")
    assert users.authenticate(accounts, "hoa", PASSWORD + "!", "c").username == "hoa"


def test_oidc_identity_is_the_account_of_that_email_else_a_viewer(accounts):
    users.add_user(accounts, "hoa@tinh.gov.vn", "editor", ["04"])
    found = users.identity_for_oidc(accounts, "Hoa@Tinh.GOV.vn")
    assert (found.username, found.role, found.provinces, found.via) == (
        "hoa@tinh.gov.vn",
        "editor",
        frozenset({"04"}),
        "oidc",
    )
    stranger = users.identity_for_oidc(accounts, "khach@example.org")
    assert (stranger.role, stranger.provinces, stranger.via) == ("viewer", frozenset(), "oidc")
    users.update_user(accounts, "hoa@tinh.gov.vn", enabled=False)
    with pytest.raises(users.SignInFailed):
        users.identity_for_oidc(accounts, "hoa@tinh.gov.vn")


def test_refresh_follows_the_database(accounts):
    users.add_user(accounts, "hoa", "editor", ["04"], PASSWORD)
    signed_in = users.authenticate(accounts, "hoa", PASSWORD, "c")
    users.update_user(accounts, "hoa", provinces=["08"])
    assert users.refresh(accounts, signed_in).provinces == {"08"}
    users.update_user(accounts, "hoa", role="viewer")
    assert users.refresh(accounts, signed_in).role == "viewer"
    users.update_user(accounts, "hoa", enabled=False)
    assert users.refresh(accounts, signed_in) is None
    users.remove_user(accounts, "hoa")
    assert users.refresh(accounts, signed_in) is None
    assert users.refresh(accounts, None) is None


def test_cli_identity_is_the_os_user():
    identity = users.cli_identity()
    assert identity.via == "cli" and identity.is_admin
    assert identity.who == f"cli:{identity.username}"
