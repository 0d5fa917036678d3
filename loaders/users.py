"""Accounts, roles and sign-in, stored in the metrics store's database (SQLite or PostgreSQL).

Roles, from least to most:

``viewer``  sees the dashboard, imports nothing;
``editor``  imports rows of their own provinces only (2-digit 2025 codes, at least one);
``admin``   imports rows of every province.

An account has an argon2id password hash (argon2-cffi), or none when it signs in through the
operator's identity provider only (OIDC: the account whose username is the person's email).
Tables (prefix ``auth_``, beside the store's ``metrics_`` tables, created on first use):

``auth_users``           one row per account: ``username`` (lower case, also the OIDC email),
                         display name, role, provinces (comma-separated codes), password
                         hash, ``enabled``, created and updated times (UTC)
``auth_sign_in_limits``  failed sign-ins per username (known or not): count in the current
                         window and the time the username is locked until

**Rate limit.** :data:`MAX_FAILURES` failed sign-ins within :data:`WINDOW` lock the username
for :data:`LOCK`, in the database, so the lock holds on every app server. A locked username
is refused before its password is checked. Every refusal is logged (username and client,
never the password or its hash).

This module never imports streamlit: the CLI (``python -m loaders users``) and the dashboard
both use it.
"""

from __future__ import annotations

import getpass
import logging
import os
import unicodedata
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    delete,
    insert,
    select,
    update,
)

ROLES = ("viewer", "editor", "admin")
#: Failed sign-ins of one username within :data:`WINDOW` that lock it for :data:`LOCK`.
MAX_FAILURES = 5
WINDOW = timedelta(minutes=15)
LOCK = timedelta(minutes=15)
#: Password length in characters: long enough to resist guessing offline from a stolen hash.
MIN_PASSWORD = 12
MAX_PASSWORD = 1024
MAX_USERNAME = 254  # the longest email address

_LOG = logging.getLogger(__name__)
_HASHER = PasswordHasher()  # argon2id, RFC 9106 low-memory profile: about 0.1 s per check

metadata = MetaData()

users = Table(
    "auth_users",
    metadata,
    Column("username", String(MAX_USERNAME), primary_key=True),
    Column("display_name", String(200), nullable=False, default=""),
    Column("role", String(16), nullable=False),
    # 2-digit province codes, comma-separated; editors only (an admin has every province).
    Column("provinces", Text, nullable=False, default=""),
    # argon2 hash; NULL for an account that signs in through the identity provider only.
    Column("password_hash", Text),
    Column("enabled", Boolean, nullable=False, default=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

limits = Table(
    "auth_sign_in_limits",
    metadata,
    Column("username", String(MAX_USERNAME), primary_key=True),
    Column("failures", Integer, nullable=False, default=0),
    Column("window_start", DateTime(timezone=True)),
    Column("locked_until", DateTime(timezone=True)),
)

#: Remembered local sign-ins (:mod:`loaders.sign_in_sessions`): only a hash of each browser's
#: token is stored, so a copy of the database signs nobody in.
sessions = Table(
    "auth_sessions",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("username", String(MAX_USERNAME), nullable=False, index=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
)

_READY: weakref.WeakSet[Engine] = weakref.WeakSet()


# ----------------------------------------------------------------------------- errors


class UserError(ValueError):
    """A request about accounts that cannot be done as asked (bad role, province code,
    username or password; an account that exists or does not). Its text says why."""


class SignInError(Exception):
    """Base class of the refusals :func:`authenticate` raises."""


class SignInFailed(SignInError):
    """Unknown username, wrong password, disabled account or an account without a password:
    ``reason`` tells which, for the server log only. Users are shown one message for all."""

    def __init__(self, reason: str):
        super().__init__("wrong username or password")
        self.reason = reason


class SignInLocked(SignInError):
    """Too many failed sign-ins: the username is locked until ``until`` (UTC)."""

    def __init__(self, until: datetime, now: datetime | None = None):
        self.until = until
        left = until - (now or utc_now())
        self.minutes_left = max(1, -(-int(left.total_seconds()) // 60))
        super().__init__(f"locked for {self.minutes_left} more minute(s)")


# ----------------------------------------------------------------------------- identity


@dataclass(frozen=True)
class Identity:
    """Who is acting and what they may change. ``via``: ``"local"`` (password), ``"oidc"``
    (identity provider) or ``"cli"`` (the operator's command line, as an OS user)."""

    username: str
    role: str
    provinces: frozenset[str] = field(default_factory=frozenset)
    via: str = "local"
    display_name: str = ""

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def can_import_any(self) -> bool:
        """Whether the import controls are for this identity at all."""
        return self.is_admin or (self.role == "editor" and bool(self.provinces))

    def can_import(self, province_code: str) -> bool:
        """Whether rows of ``province_code`` (2-digit 2025 code) may be imported."""
        return self.is_admin or (self.role == "editor" and province_code in self.provinces)

    @property
    def allowed_provinces(self) -> frozenset[str] | None:
        """The provinces whose rows may be imported; None means every province (admin)."""
        if self.is_admin:
            return None
        return self.provinces if self.role == "editor" else frozenset()

    @property
    def who(self) -> str:
        """How the import log names this identity: the username, ``cli:<OS user>`` for the
        command line."""
        return f"cli:{self.username}" if self.via == "cli" else self.username

    @property
    def label(self) -> str:
        """The name to show: the display name, else the username."""
        return self.display_name or self.username


@dataclass(frozen=True)
class Account:
    """A stored account, without its password hash."""

    username: str
    display_name: str
    role: str
    provinces: tuple[str, ...]
    has_password: bool
    enabled: bool
    created_at: datetime
    updated_at: datetime

    def identity(self, via: str = "local") -> Identity:
        return Identity(self.username, self.role, frozenset(self.provinces), via, self.display_name)

    def as_json(self) -> dict:
        return {
            "username": self.username,
            "display_name": self.display_name,
            "role": self.role,
            "provinces": list(self.provinces),
            "sign_in": "password" if self.has_password else "oidc",
            "enabled": self.enabled,
            "created_at": self.created_at.isoformat(),
            "updated_at": self.updated_at.isoformat(),
        }


def cli_identity() -> Identity:
    """The operator at the command line: every province, logged as ``cli:<OS user>``."""
    try:
        name = getpass.getuser()
    except (OSError, KeyError):  # no login name in a bare container
        name = f"uid{os.getuid()}"
    return Identity(name, "admin", frozenset(), "cli")


# ----------------------------------------------------------------------------- checks


def utc_now() -> datetime:
    return datetime.now(UTC)


def as_utc(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes: they were written in UTC."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


def normalise_username(username: str) -> str:
    """A username as stored: NFC, trimmed, lower case (so ``An@Tinh.gov.vn`` is
    ``an@tinh.gov.vn``). Raises :class:`UserError` for an empty, too long or spaced name."""
    name = unicodedata.normalize("NFC", str(username)).strip().casefold()
    if not name:
        raise UserError("the username is empty")
    if len(name) > MAX_USERNAME:
        raise UserError(f"the username is longer than {MAX_USERNAME} characters")
    if any(c.isspace() or not c.isprintable() for c in name):
        raise UserError("a username has no spaces or control characters")
    return name


def check_role(role: str) -> str:
    if role not in ROLES:
        raise UserError(f"unknown role {role!r}: use one of {', '.join(ROLES)}")
    return role


def normalise_provinces(codes: Iterable[str]) -> tuple[str, ...]:
    """2025 province codes, sorted and deduplicated; ``4`` is ``04``. Raises
    :class:`UserError` naming any code that is no 2025 province."""
    from loaders.register import province_names

    known = province_names()
    out, bad = set(), []
    for raw in codes:
        code = str(raw).strip()
        code = code.zfill(2) if code.isdigit() and len(code) <= 2 else code
        if code in known:
            out.add(code)
        else:
            bad.append(str(raw))
    if bad:
        raise UserError(
            f"not a 2025 province code: {', '.join(bad)} (2-digit codes such as 04 for "
            "Cao Bằng; `.venv/bin/python -m loaders lineage 04` shows a province)"
        )
    return tuple(sorted(out))


def check_scope(role: str, provinces: Iterable[str]) -> tuple[str, ...]:
    """The provinces of an account of ``role``: at least one for an editor, none otherwise."""
    provinces = normalise_provinces(provinces)
    if role == "editor" and not provinces:
        raise UserError("an editor needs at least one province (--provinces 04 08 …)")
    if role != "editor" and provinces:
        raise UserError(
            f"provinces are for editors only: a {role} "
            + ("has every province" if role == "admin" else "imports nothing")
        )
    return provinces


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise UserError(f"the password is shorter than {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise UserError(f"the password is longer than {MAX_PASSWORD} characters")
    return password


# ----------------------------------------------------------------------------- storage


def ensure_tables(engine: Engine) -> None:
    """Create the account tables in ``engine``'s database if they are missing (once per
    engine and process)."""
    if engine in _READY:
        return
    metadata.create_all(engine)
    _READY.add(engine)


def _account(row) -> Account:
    return Account(
        username=row.username,
        display_name=row.display_name or "",
        role=row.role,
        provinces=tuple(p for p in (row.provinces or "").split(",") if p),
        has_password=row.password_hash is not None,
        enabled=bool(row.enabled),
        created_at=as_utc(row.created_at),
        updated_at=as_utc(row.updated_at),
    )


def get_user(engine: Engine, username: str) -> Account | None:
    """The account of ``username`` (any case), or None."""
    ensure_tables(engine)
    try:
        name = normalise_username(username)
    except UserError:
        return None
    with engine.connect() as conn:
        row = conn.execute(select(users).where(users.c.username == name)).first()
    return None if row is None else _account(row)


def list_users(engine: Engine) -> list[Account]:
    """Every account, by username."""
    ensure_tables(engine)
    with engine.connect() as conn:
        rows = conn.execute(select(users).order_by(users.c.username)).all()
    return [_account(r) for r in rows]


def add_user(
    engine: Engine,
    username: str,
    role: str,
    provinces: Iterable[str] = (),
    password: str | None = None,
    display_name: str = "",
) -> Account:
    """Create an account; ``password=None`` makes an identity-provider-only account. Raises
    :class:`UserError` when the account exists or an argument is bad."""
    ensure_tables(engine)
    name = normalise_username(username)
    role = check_role(role)
    scope = check_scope(role, provinces)
    hashed = None if password is None else _HASHER.hash(check_password(password))
    now = utc_now()
    with engine.begin() as conn:
        if conn.execute(select(users.c.username).where(users.c.username == name)).first():
            raise UserError(f"account {name!r} exists already (use `users set`)")
        conn.execute(
            insert(users).values(
                username=name,
                display_name=display_name.strip()[:200],
                role=role,
                provinces=",".join(scope),
                password_hash=hashed,
                enabled=True,
                created_at=now,
                updated_at=now,
            )
        )
    return _require(engine, name)


def _require(engine: Engine, username: str) -> Account:
    found = get_user(engine, username)
    if found is None:
        raise UserError(f"no account {username!r} (`users list` shows the accounts)")
    return found


def update_user(
    engine: Engine,
    username: str,
    *,
    role: str | None = None,
    provinces: Iterable[str] | None = None,
    enabled: bool | None = None,
    display_name: str | None = None,
) -> Account:
    """Change an account's role, provinces, enabled flag or display name. A role other than
    editor drops the provinces; enabling an account also lifts a sign-in lock."""
    account = _require(engine, username)
    new_role = check_role(role) if role is not None else account.role
    if provinces is None:
        provinces = account.provinces if new_role == "editor" else ()
    values: dict = {"role": new_role, "provinces": ",".join(check_scope(new_role, provinces))}
    if enabled is not None:
        values["enabled"] = enabled
    if display_name is not None:
        values["display_name"] = display_name.strip()[:200]
    with engine.begin() as conn:
        conn.execute(
            update(users)
            .where(users.c.username == account.username)
            .values(**values, updated_at=utc_now())
        )
        if enabled:
            conn.execute(delete(limits).where(limits.c.username == account.username))
    return _require(engine, account.username)


def set_password(engine: Engine, username: str, password: str | None) -> Account:
    """Set (or, with None, remove: identity provider only) an account's password; lifts a
    sign-in lock."""
    account = _require(engine, username)
    hashed = None if password is None else _HASHER.hash(check_password(password))
    with engine.begin() as conn:
        conn.execute(
            update(users)
            .where(users.c.username == account.username)
            .values(password_hash=hashed, updated_at=utc_now())
        )
        conn.execute(delete(limits).where(limits.c.username == account.username))
        # a new password ends every remembered sign-in: a leaked one must stop working
        conn.execute(delete(sessions).where(sessions.c.username == account.username))
    return _require(engine, account.username)


def remove_user(engine: Engine, username: str) -> None:
    account = _require(engine, username)
    with engine.begin() as conn:
        conn.execute(delete(users).where(users.c.username == account.username))
        conn.execute(delete(limits).where(limits.c.username == account.username))
        conn.execute(delete(sessions).where(sessions.c.username == account.username))


# ----------------------------------------------------------------------------- sign-in


def _safe(text: str, limit: int = 120) -> str:
    """Text for a log line: cut short, control characters escaped (no forged lines)."""
    return repr(str(text)[:limit])


def locked_until(engine: Engine, username: str, now: datetime | None = None) -> datetime | None:
    """When the lock of ``username`` ends (UTC), or None when it is not locked."""
    ensure_tables(engine)
    now = now or utc_now()
    key = _limit_key(username)
    with engine.connect() as conn:
        until = conn.execute(select(limits.c.locked_until).where(limits.c.username == key))
        until = as_utc(until.scalar_one_or_none())
    return until if until is not None and until > now else None


def _limit_key(username: str) -> str:
    return unicodedata.normalize("NFC", str(username)).strip().casefold()[:MAX_USERNAME]


def _record_failure(engine: Engine, key: str, client: str, reason: str, now: datetime) -> None:
    """Count a failure in the window; the :data:`MAX_FAILURES`-th locks the username."""
    with engine.begin() as conn:
        # stale rows of names nobody tried for a while (guessed names pile up otherwise)
        conn.execute(
            delete(limits).where(
                limits.c.window_start < now - WINDOW,
                (limits.c.locked_until.is_(None)) | (limits.c.locked_until < now),
                limits.c.username != key,
            )
        )
        row = conn.execute(select(limits).where(limits.c.username == key).with_for_update()).first()
        start = as_utc(row.window_start) if row is not None else None
        if row is None:
            conn.execute(insert(limits).values(username=key, failures=1, window_start=now))
            failures = 1
        elif start is None or now - start > WINDOW:
            failures = 1
            values = {"failures": 1, "window_start": now}
            conn.execute(update(limits).where(limits.c.username == key).values(**values))
        else:
            failures = row.failures + 1
            conn.execute(
                update(limits)
                .where(limits.c.username == key)
                .values(failures=limits.c.failures + 1)
            )
        if failures >= MAX_FAILURES:
            conn.execute(
                update(limits)
                .where(limits.c.username == key)
                .values(failures=0, window_start=None, locked_until=now + LOCK)
            )
    _LOG.warning("sign-in refused for %s from %s: %s", _safe(key), _safe(client), reason)
    if failures >= MAX_FAILURES:
        _LOG.warning(
            "username %s locked for %d minutes after %d failed sign-ins",
            _safe(key),
            LOCK.seconds // 60,
            MAX_FAILURES,
        )


_DUMMY: list[str] = []


def _dummy_hash() -> str:
    """A hash to check a password against when there is no account: the answer takes as
    long as for a real account, so timing does not tell which usernames exist."""
    if not _DUMMY:
        _DUMMY.append(_HASHER.hash("no such account: timing only"))
    return _DUMMY[0]


def authenticate(
    engine: Engine, username: str, password: str, client: str, *, now: datetime | None = None
) -> Identity:
    """The identity of a local account whose password is ``password``.

    ``client`` says where the attempt came from (an address, for the log). Raises
    :class:`SignInLocked` while the username is locked (the password is not checked) and
    :class:`SignInFailed` for an unknown username, a wrong password, a disabled account or
    one without a password; every failure counts towards the lock and is logged.
    """
    ensure_tables(engine)
    now = now or utc_now()
    key = _limit_key(username)
    until = locked_until(engine, key, now)
    if until is not None:
        _LOG.warning(
            "sign-in refused for %s from %s: locked until %s",
            _safe(key),
            _safe(client),
            until.isoformat(timespec="seconds"),
        )
        raise SignInLocked(until, now)
    with engine.connect() as conn:
        row = conn.execute(select(users).where(users.c.username == key)).first()
    account = None if row is None else _account(row)
    stored = None if row is None else row.password_hash
    reason = ""
    try:
        _HASHER.verify(stored or _dummy_hash(), password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        reason = "wrong password"
    if account is None:
        reason = "unknown username"
    elif stored is None:
        reason = "no password (identity provider only)"
    elif not account.enabled:
        reason = "account disabled"
    if reason:
        _record_failure(engine, key, client, reason, now)
        raise SignInFailed(reason)
    with engine.begin() as conn:
        conn.execute(delete(limits).where(limits.c.username == key))
        if _HASHER.check_needs_rehash(stored):  # parameters raised since it was hashed
            conn.execute(
                update(users)
                .where(users.c.username == key)
                .values(password_hash=_HASHER.hash(password))
            )
    _LOG.info("signed in %s from %s", _safe(key), _safe(client))
    return account.identity("local")


def identity_for_oidc(engine: Engine, email: str) -> Identity:
    """The identity of a person the identity provider vouched for: the enabled account
    whose username is ``email`` (any case), else a viewer. A disabled account raises
    :class:`SignInFailed` (it may not sign in at all)."""
    name = normalise_username(email)
    account = get_user(engine, name)
    if account is None:
        return Identity(name, "viewer", frozenset(), "oidc")
    if not account.enabled:
        _LOG.warning("sign-in refused for %s (identity provider): account disabled", _safe(name))
        raise SignInFailed("account disabled")
    return account.identity("oidc")


def refresh(engine: Engine, identity: Identity | None) -> Identity | None:
    """``identity`` as the database says now (role and provinces may have changed since it
    signed in), or None when its account was removed or disabled. Checked again at the
    moment data changes."""
    if identity is None or identity.via == "cli":
        return identity
    if identity.via == "oidc":
        try:
            return identity_for_oidc(engine, identity.username)
        except (SignInFailed, UserError):
            return None
    account = get_user(engine, identity.username)
    if account is None or not account.enabled or not account.has_password:
        return None
    return account.identity("local")
