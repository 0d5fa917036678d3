"""``python -m loaders users add | list | set | passwd | remove``: the accounts of the app.

Passwords are read with ``getpass`` (asked twice, never echoed) or, with ``--password-stdin``,
as one line from standard input (for scripts); never from the command line, where other users
of the machine could read them. Exit codes as for every ``loaders`` command: 0 done, 1 bad
input (unknown role or province code, an account that exists or does not, a short password),
2 the database locked, unreachable or full.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys

from loaders import users
from loaders.cli_database import add_db_option, database_errors, database_failed

EXIT_OK, EXIT_INVALID = 0, 1


def add_subcommand(subparsers: argparse._SubParsersAction) -> None:
    """Add ``users`` (with its own subcommands) to ``subparsers``."""
    parser = subparsers.add_parser(
        "users",
        help="accounts of the app: viewer, editor of provinces, admin",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_db_option(parser)
    sub = parser.add_subparsers(required=True, metavar="ACTION")

    add = sub.add_parser("add", help="create an account")
    add.add_argument("name", help="username (an email for sign-in through the provider)")
    _role_option(add, default="viewer")
    _provinces_option(add)
    add.add_argument("--display-name", default="", help="name shown in the app")
    how = add.add_mutually_exclusive_group()
    how.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    how.add_argument(
        "--oidc",
        action="store_true",
        help="no password: signs in through the identity provider only",
    )
    add.set_defaults(action=_add)

    listing = sub.add_parser("list", help="list the accounts (never their passwords)")
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    listing.set_defaults(action=_list)

    change = sub.add_parser("set", help="change an account's role, provinces, name or status")
    change.add_argument("name")
    _role_option(change)
    _provinces_option(change)
    change.add_argument("--display-name")
    status = change.add_mutually_exclusive_group()
    status.add_argument(
        "--enable", action="store_true", help="allow sign-in again (also lifts a lock)"
    )
    status.add_argument("--disable", action="store_true", help="refuse every sign-in")
    change.set_defaults(action=_set)

    passwd = sub.add_parser("passwd", help="set an account's password (lifts a lock)")
    passwd.add_argument("name")
    passwd.add_argument("--password-stdin", action="store_true")
    passwd.set_defaults(action=_passwd)

    remove = sub.add_parser("remove", help="delete an account")
    remove.add_argument("name")
    remove.set_defaults(action=_remove)

    parser.set_defaults(run=_dispatch)


def _role_option(parser: argparse.ArgumentParser, default: str | None = None) -> None:
    # checked by loaders.users (exit 1 with the roles listed), not by argparse (exit 2)
    parser.add_argument(
        "--role",
        default=default,
        metavar="|".join(users.ROLES),
        help="viewer: sees the app; editor: imports rows of their provinces; admin: every "
        "province" + (f" (default {default})" if default else ""),
    )


def _provinces_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--provinces",
        nargs="+",
        metavar="CODE",
        help="editor only: 2-digit 2025 province codes whose rows they may import (04 08 …)",
    )


def _dispatch(args: argparse.Namespace) -> int:
    """Run the chosen action; errors become a line on stderr and an exit code."""
    from loaders.metrics import store

    try:
        engine = store.get_engine(args.db)
        return args.action(args, engine)
    except users.UserError as error:
        print(f"users {args.action.__name__.strip('_')}: {error}", file=sys.stderr)
        return EXIT_INVALID
    except database_errors() as error:
        return database_failed(f"users {args.action.__name__.strip('_')}", error)


def _read_password(from_stdin: bool) -> str:
    """The new password: one line of stdin, or asked twice without echo."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("New password: ")
    if getpass.getpass("Again: ") != first:
        raise users.UserError("the two passwords differ")
    return first


def _describe(account: users.Account) -> str:
    scope = {"admin": "every province", "viewer": "imports nothing"}.get(
        account.role, "provinces " + " ".join(account.provinces)
    )
    how = "password" if account.has_password else "identity provider only"
    state = "enabled" if account.enabled else "DISABLED"
    name = account.display_name or "-"
    return f"{account.username} ({name}): {account.role}, {scope}; {how}; {state}"


def _add(args: argparse.Namespace, engine) -> int:
    # checked before asking for a password, so a typo costs no typing
    users.normalise_username(args.name)
    if users.get_user(engine, args.name) is not None:
        raise users.UserError(f"account {args.name!r} exists already (use `users set`)")
    users.check_scope(users.check_role(args.role), args.provinces or ())
    password = None if args.oidc else users.check_password(_read_password(args.password_stdin))
    account = users.add_user(
        engine, args.name, args.role, args.provinces or (), password, args.display_name
    )
    print(f"added {_describe(account)}")
    return EXIT_OK


def _list(args: argparse.Namespace, engine) -> int:
    accounts = users.list_users(engine)
    if args.json:
        print(json.dumps([a.as_json() for a in accounts], ensure_ascii=False, indent=2))
    else:
        for account in accounts:
            print(_describe(account))
        if not accounts:
            print("no accounts yet: `.venv/bin/python -m loaders users add NAME --role admin`")
    return EXIT_OK


def _set(args: argparse.Namespace, engine) -> int:
    enabled = True if args.enable else False if args.disable else None
    account = users.update_user(
        engine,
        args.name,
        role=args.role,
        provinces=args.provinces,
        enabled=enabled,
        display_name=args.display_name,
    )
    print(f"updated {_describe(account)}")
    return EXIT_OK


def _passwd(args: argparse.Namespace, engine) -> int:
    if users.get_user(engine, args.name) is None:
        raise users.UserError(f"no account {args.name!r} (`users list` shows the accounts)")
    password = users.check_password(_read_password(args.password_stdin))
    account = users.set_password(engine, args.name, password)
    print(f"password set for {account.username}")
    return EXIT_OK


def _remove(args: argparse.Namespace, engine) -> int:
    users.remove_user(engine, args.name)
    print(f"removed {users.normalise_username(args.name)}")
    return EXIT_OK
