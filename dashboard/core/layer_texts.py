"""The pre-2025 layers' provenance, vintage and coverage in the UI's language.

The build manifest (:func:`loaders.layers.pre2025_metadata`) records them as Vietnamese prose
("63 / 63 tỉnh", "… qua daohoangson/dvhcvn…; giấy phép không rõ"). The numbers are read back
out of it and written with the catalogue's words, so an English page or print says "63 / 63
provinces" and "via", and a Vietnamese one keeps its own format.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from dashboard.core.i18n import t

#: Layer name → catalogue key of its coverage sentence ("{n} / {count} …").
_COVERAGE = {
    "provinces_pre2025": "layers.coverage_provinces",
    "districts_pre2025": "layers.coverage_districts",
    "communes_c2011": "layers.coverage_communes",
}

#: Catalogue keys of the Vietnamese words the manifest's provenance uses.
_PROVENANCE_WORDS = ("layers.via", "layers.licence_unknown")


def layer_texts(meta: Mapping[str, Mapping], layer: str, lang: str) -> dict[str, str]:
    """``provenance``, ``vintage`` and ``coverage`` of ``layer`` (a key of the manifest's
    pre-2025 section) in ``lang``; "?" for what the manifest does not say."""
    info = meta.get(layer, {})
    provenance = str(info.get("provenance", "?"))
    for key in _PROVENANCE_WORDS:
        provenance = provenance.replace(t(key, "vi"), t(key, lang))
    vintage = str(info.get("vintage", "?"))
    if layer == "communes_c2011" and info:
        vintage = t("layers.commune_vintage", lang)
    return {"provenance": provenance, "vintage": vintage, "coverage": _coverage(info, layer, lang)}


def _coverage(info: Mapping, layer: str, lang: str) -> str:
    if "legacy_units" in info:
        n, total = info.get("legacy_units_with_polygon"), info["legacy_units"]
    else:  # "63 / 63 tỉnh": the counts, Vietnamese thousands points dropped
        found = re.match(r"\s*([\d.]+)\s*/\s*([\d.]+)", str(info.get("coverage", "")))
        if not found:
            return str(info.get("coverage", "?"))
        n, total = (int(g.replace(".", "")) for g in found.groups())
    return t(_COVERAGE[layer], lang, n=int(n), count=int(total))
