"""The one catalogue of user-facing texts: key → {"vi": …, "en": …}.

The entries live in a few data modules by feature (the app and map, the compare page, the
import page, the print exports, notes on areas and coverage, sign-in) and are merged here into
:data:`CATALOGUE`; a key defined twice raises at import, so two features can never shadow
each other's text. Feature keys carry a prefix ("compare.", "import.", "export.", "area.").

A text that counts something has plural forms: ``{"one": "{count} team", "other": "{count}
teams"}``, chosen by the ``count`` parameter of :func:`dashboard.core.i18n.t`. Vietnamese
has no plural and writes one string. Look texts up with :func:`dashboard.core.i18n.t`.
"""

from __future__ import annotations

from collections.abc import Mapping

from dashboard.core.texts import app, auth, compare, export, imports, notes, oidc
from dashboard.core.texts import briefing as briefing_texts
from dashboard.core.texts import watchlist as watchlist_texts
from loaders.messages import MESSAGES

LANGS = ("vi", "en")
DEFAULT_LANG = "vi"

#: The plural forms each language needs (CLDR categories for whole numbers).
PLURAL_FORMS: dict[str, tuple[str, ...]] = {"vi": ("other",), "en": ("one", "other")}

#: A catalogue entry: a language's text, or its plural forms.
Entry = Mapping[str, "str | Mapping[str, str]"]


def merge(*tables: Mapping[str, Entry]) -> dict[str, Entry]:
    """One mapping from ``tables``; raises ``ValueError`` naming a key defined twice."""
    merged: dict[str, Entry] = {}
    for table in tables:
        for key, entry in table.items():
            if key in merged:
                raise ValueError(f"text key {key!r} is defined twice in the catalogue")
            merged[key] = entry
    return merged


#: The data layer's messages ("data." keys: import problems, refusals, join notes,
#: summaries) are part of it: loaders cannot import the dashboard, so they keep their table.
CATALOGUE: dict[str, Entry] = merge(
    app.TEXTS,
    compare.TEXTS,
    imports.TEXTS,
    export.TEXTS,
    notes.TEXTS,
    auth.TEXTS,
    oidc.TEXTS,
    watchlist_texts.TEXTS,
    MESSAGES,
    briefing_texts.TEXTS,
)

#: English units of measure with their singular ("teams" → "team"), from the catalogue's
#: "unit." entries: "1 team" but "2 teams" after a number.
UNIT_SINGULAR_EN: dict[str, str] = {
    entry["en"]["other"]: entry["en"]["one"]  # type: ignore[index]
    for key, entry in CATALOGUE.items()
    if key.startswith("unit.")
}

#: What a missing value reads as (never "0").
NO_DATA: dict[str, str] = dict(CATALOGUE["no_data"])  # type: ignore[arg-type]
