"""Remembered local sign-ins: a browser that signed in with a password stays signed in after
a page reload, a new tab or a move to another app server, for :data:`LIFETIME` at most.

At sign-in the server makes a random token, keeps only its SHA-256 in the database (table
``auth_sessions``, beside the accounts: every app server sees it) and the browser keeps the
token in a cookie. A new browser session presents the cookie; :func:`resume` gives back the
account's identity as the database says now (a removed, disabled or password-less account
resumes nothing; a changed role or province list applies). Signing out, a new password or
removing the account deletes the row, so the cookie then opens nothing.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import Engine, delete, insert, select

from loaders import users

#: How long a remembered sign-in lasts from the moment of signing in (a working day).
LIFETIME_HOURS = 10
LIFETIME = timedelta(hours=LIFETIME_HOURS)
#: The token's length in bytes before URL-safe encoding (256 bits: not guessable).
TOKEN_BYTES = 32


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue(engine: Engine, identity: users.Identity, *, now: datetime | None = None) -> str:
    """A new token remembering ``identity`` (a local sign-in) until ``now`` + :data:`LIFETIME`;
    expired rows of every account are removed on the way."""
    if identity.via != "local":
        raise ValueError(f"only a password sign-in is remembered here, not {identity.via!r}")
    users.ensure_tables(engine)
    now = now or users.utc_now()
    token = secrets.token_urlsafe(TOKEN_BYTES)
    with engine.begin() as conn:
        conn.execute(delete(users.sessions).where(users.sessions.c.expires_at <= now))
        conn.execute(
            insert(users.sessions).values(
                token_hash=_hash(token),
                username=identity.username,
                created_at=now,
                expires_at=now + LIFETIME,
            )
        )
    return token


def resume(
    engine: Engine, token: str | None, *, now: datetime | None = None
) -> users.Identity | None:
    """The identity a browser's token stands for now, or None (no token, unknown, expired or
    revoked token, or an account that may no longer sign in)."""
    if not token or len(token) > 200:
        return None
    users.ensure_tables(engine)
    now = now or users.utc_now()
    with engine.connect() as conn:
        row = conn.execute(
            select(users.sessions.c.username, users.sessions.c.expires_at).where(
                users.sessions.c.token_hash == _hash(token)
            )
        ).first()
    if row is None or users.as_utc(row.expires_at) <= now:
        return None
    return users.refresh(engine, users.Identity(row.username, "viewer", via="local"))


def seconds_left(engine: Engine, token: str, *, now: datetime | None = None) -> int:
    """Seconds until ``token`` expires (0 when unknown or expired): the cookie's max-age."""
    now = now or users.utc_now()
    with engine.connect() as conn:
        expires = conn.execute(
            select(users.sessions.c.expires_at).where(users.sessions.c.token_hash == _hash(token))
        ).scalar_one_or_none()
    return max(0, int((users.as_utc(expires) - now).total_seconds())) if expires else 0


def revoke(engine: Engine, token: str | None) -> None:
    """Forget ``token`` (sign-out): it resumes nothing from now on, on every server."""
    if not token:
        return
    users.ensure_tables(engine)
    with engine.begin() as conn:
        conn.execute(delete(users.sessions).where(users.sessions.c.token_hash == _hash(token)))
