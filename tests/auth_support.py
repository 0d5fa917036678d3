"""Helpers of the sign-in tests: argon2 at its cheapest parameters, and accounts to sign in.

The app hashes with argon2id at RFC 9106's low-memory profile (64 MiB, about 0.15 s a check,
up to 1 s on a busy 2-core machine); the tests that sign in many times use argon2id itself
at argon2-cffi's ``CHEAPEST`` profile, which exists for tests. The check of the production
parameters is its own test.
"""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher, profiles

from loaders import users

#: A password the tests' accounts share (long enough for :data:`loaders.users.MIN_PASSWORD`).
PASSWORD = "đúng mật khẩu 2025"


def cheap_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hash and check passwords with argon2id at its cheapest parameters in this process."""
    monkeypatch.setattr(users, "_HASHER", PasswordHasher.from_parameters(profiles.CHEAPEST))
    monkeypatch.setattr(users, "_DUMMY", [])


def account(
    engine, username: str = "admin", role: str = "admin", provinces: tuple[str, ...] = ()
) -> users.Identity:
    """The identity of an account (created with :data:`PASSWORD` when it is missing), as a
    sign-in through the form would give it."""
    found = users.get_user(engine, username)
    if found is None:
        found = users.add_user(engine, username, role, provinces, PASSWORD, username.title())
    return found.identity("local")


def signed_in(at, engine, username: str = "admin", role: str = "admin", provinces=()) -> object:
    """An AppTest session signed in as ``username`` (the account made if missing): what the
    sign-in form leaves in the session state, for the page tests that are not about sign-in."""
    from dashboard.auth.session import SESSION_KEY

    at.session_state[SESSION_KEY] = account(engine, username, role, tuple(provinces))
    return at
