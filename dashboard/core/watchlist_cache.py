"""The watchlists the page, the map metric and the commune panel show, cached per revision.

A country watchlist takes about 0.5 s to compute (in the database): it is computed once per
revision of the stored data and of the rules (:func:`revision`), month and province, and
shared by every session of the server. Nothing here draws (the map's metric registry uses it
outside Streamlit too).
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd
from sqlalchemy import Engine

from loaders.metrics import store
from loaders.watchlist import Watchlist, history, watchlist
from loaders.watchlist.settings import rules_revision


def revision(engine: Engine) -> str:
    """What a watchlist depends on: the stored data and the rules in force (two queries on
    small tables)."""
    return f"{store.revision(engine)}|{rules_revision(engine)}"


@lru_cache(maxsize=32)
def cached(engine: Engine, revision: str, period: str | None, province: str | None) -> Watchlist:
    """:func:`loaders.watchlist.watchlist` for ``revision`` (see :func:`revision`): a new
    import or a change of the rules makes a new key. Callers must not change the frame."""
    return watchlist(engine, period, province)


@lru_cache(maxsize=256)
def commune_history(engine: Engine, revision: str, code: str, until: str | None) -> pd.DataFrame:
    """:func:`loaders.watchlist.history` of commune ``code`` (5 digits) up to ``until``,
    newest month first, for ``revision``. Callers must not change the frame."""
    return history(engine, code, until)


def counts_by_commune(engine: Engine, revision: str, period: str) -> pd.Series:
    """Flags held per commune of the country in ``period`` (0 for an unflagged one), by code."""
    return cached(engine, revision, period, None).counts_by_commune()


def flagged_by_province(engine: Engine, revision: str, period: str) -> pd.Series:
    """Communes with at least one flag held per province in ``period``, by 2-digit code."""
    return cached(engine, revision, period, None).counts_by_province()["n_flagged"]
