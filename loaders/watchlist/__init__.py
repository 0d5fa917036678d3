"""The leaders' watchlist: watch rules (:mod:`.rules`), their stored settings
(:mod:`.settings`), the flags computed in the database (:mod:`.flags`) and the command line
(:mod:`.cli`). Data side only: nothing here draws."""

from loaders.watchlist.flags import Watchlist, WatchlistError, history, watchlist
from loaders.watchlist.rules import DEFAULT_RULES, RULES, SETTINGS, WatchRules
from loaders.watchlist.settings import RuleRejected, change_rules, rules_in_force

__all__ = [
    "DEFAULT_RULES",
    "RULES",
    "SETTINGS",
    "RuleRejected",
    "WatchRules",
    "Watchlist",
    "WatchlistError",
    "change_rules",
    "history",
    "rules_in_force",
    "watchlist",
]
