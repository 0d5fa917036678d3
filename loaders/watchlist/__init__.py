"""The leaders' watchlist: watch rules (:mod:`.rules`), their stored settings
(:mod:`.settings`), the flags computed in the database (:mod:`.flags`) and the command line
(:mod:`.cli`). Data side only: nothing here draws.

The names below are loaded on first use: ``python -m loaders`` builds its parser from
:mod:`.cli` for every command, and ``build`` or ``check`` need not import the database layer.
"""

from __future__ import annotations

import importlib

#: Public name → the module that defines it.
_EXPORTS = {
    "DEFAULT_RULES": "rules",
    "RULES": "rules",
    "SETTINGS": "rules",
    "WatchRules": "rules",
    "RuleRejected": "settings",
    "change_rules": "settings",
    "rules_in_force": "settings",
    "Watchlist": "flags",
    "WatchlistError": "flags",
    "history": "flags",
    "watchlist": "flags",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> object:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_EXPORTS[name]}"), name)
