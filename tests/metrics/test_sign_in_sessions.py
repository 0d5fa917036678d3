"""Remembered local sign-ins (:mod:`loaders.sign_in_sessions`) on SQLite and PostgreSQL: a
token resumes its account as the database says now, and stops when it expires, is revoked,
or the account's password changes, is disabled or removed."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from sqlalchemy import Engine, select

from loaders import sign_in_sessions, users
from tests.auth_support import PASSWORD, account, cheap_hashing


@pytest.fixture
def accounts(engine: Engine, monkeypatch) -> Engine:
    """The metrics database with the account tables emptied (argon2 at its cheapest)."""
    cheap_hashing(monkeypatch)
    users.ensure_tables(engine)
    users.metadata.drop_all(engine)
    users.metadata.create_all(engine)
    return engine


def test_a_token_resumes_its_account_with_the_current_role(accounts):
    hoa = account(accounts, "hoa", "editor", ("04",))
    token = sign_in_sessions.issue(accounts, hoa)
    assert sign_in_sessions.resume(accounts, token) == hoa
    users.update_user(accounts, "hoa", provinces=("04", "08"))
    resumed = sign_in_sessions.resume(accounts, token)
    assert resumed.provinces == frozenset({"04", "08"}) and resumed.via == "local"
    assert 0 < sign_in_sessions.seconds_left(accounts, token) <= 10 * 3600


def test_only_a_hash_of_the_token_is_stored(accounts):
    token = sign_in_sessions.issue(accounts, account(accounts))
    with accounts.connect() as conn:
        stored = conn.execute(select(users.sessions.c.token_hash)).scalars().all()
    assert stored == [hashlib.sha256(token.encode()).hexdigest()]
    assert token not in stored and len(token) >= 43


def test_unknown_empty_and_expired_tokens_resume_nobody(accounts):
    admin = account(accounts)
    start = users.utc_now()
    token = sign_in_sessions.issue(accounts, admin, now=start)
    assert sign_in_sessions.resume(accounts, None) is None
    assert sign_in_sessions.resume(accounts, "") is None
    assert sign_in_sessions.resume(accounts, token + "x") is None
    late = start + sign_in_sessions.LIFETIME + timedelta(seconds=1)
    assert sign_in_sessions.resume(accounts, token, now=late) is None
    assert sign_in_sessions.seconds_left(accounts, token, now=late) == 0
    # the next sign-in clears expired rows
    sign_in_sessions.issue(accounts, admin, now=late)
    assert sign_in_sessions.resume(accounts, token, now=start) is None


def test_sign_out_password_change_disable_and_removal_end_it(accounts):
    hoa = account(accounts, "hoa", "editor", ("04",))
    first, second, third = (sign_in_sessions.issue(accounts, hoa) for _ in range(3))
    sign_in_sessions.revoke(accounts, first)
    assert sign_in_sessions.resume(accounts, first) is None
    assert sign_in_sessions.resume(accounts, second) == hoa  # another browser stays in
    users.update_user(accounts, "hoa", enabled=False)
    assert sign_in_sessions.resume(accounts, second) is None
    users.update_user(accounts, "hoa", enabled=True)
    assert sign_in_sessions.resume(accounts, second) == hoa
    users.set_password(accounts, "hoa", PASSWORD + "!")
    assert sign_in_sessions.resume(accounts, second) is None
    fourth = sign_in_sessions.issue(accounts, hoa)
    users.remove_user(accounts, "hoa")
    assert sign_in_sessions.resume(accounts, fourth) is None
    assert sign_in_sessions.resume(accounts, third) is None


def test_only_password_sign_ins_are_remembered(accounts):
    oidc = users.Identity("ha@example.vn", "viewer", via="oidc")
    with pytest.raises(ValueError, match="oidc"):
        sign_in_sessions.issue(accounts, oidc)
