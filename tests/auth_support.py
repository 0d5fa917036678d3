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
