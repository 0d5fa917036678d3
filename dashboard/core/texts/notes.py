"""Notes on areas, data coverage and times, on screen and in print (vi, en)."""

from __future__ import annotations

TEXTS: dict[str, dict[str, object]] = {
    "area.reason_sea": {
        "vi": "ranh giới đặc khu bao gồm cả vùng biển quanh các đảo",
        "en": "the special zone's boundary takes in the sea around the islands",
    },
    "area.reason_bac_lieu": {
        "vi": "số liệu công bố của các xã, phường thuộc tỉnh Bạc Liêu cũ bị sai, thấp hơn nhiều"
        " so với ranh giới",
        "en": "the published figures of the former Bạc Liêu province's communes are wrong, far "
        "below their boundaries",
    },
    "area.reason_published": {
        "vi": "số liệu công bố không khớp với ranh giới",
        "en": "the published figure does not match the boundary",
    },
    "area.reason_province": {
        "vi": "tổng số liệu công bố của các xã, phường",
        "en": "the sum of its communes' published figures",
    },
    "area.who_sea": {"vi": "Hoàng Sa, Trường Sa", "en": "Hoàng Sa, Trường Sa"},
    "area.who_bac_lieu": {"vi": "Bạc Liêu cũ", "en": "Former Bạc Liêu"},
    "area.both": {
        "vi": "Diện tích đo từ ranh giới: {measured}; số liệu công bố: {published} ({reason}).",
        "en": "Area measured from the boundary: {measured}; published figure: {published} "
        "({reason}).",
    },
    "area.short": {
        "vi": "{name}: đo từ ranh giới {measured}, công bố {published} ({reason})",
        "en": "{name}: {measured} measured from the boundary, {published} published ({reason})",
    },
    "area.pair": {
        "vi": "{name} (đo {measured}, công bố {published})",
        "en": "{name} ({measured} measured, {published} published)",
    },
    "area.many": {
        "vi": "{count} đơn vị có diện tích đo từ ranh giới lệch hơn 5 % so với số liệu công bố;"
        " lệch nhiều nhất: {examples}.",
        "en": {
            "one": "{count} unit measures more than 5% off their published area; the largest "
            "differences: {examples}.",
            "other": "{count} units measure more than 5% off their published area; the largest "
            "differences: {examples}.",
        },
    },
    "coverage.communes": {
        "vi": "{n}/{count} xã, phường có số liệu",
        "en": {
            "one": "{n}/{count} commune with data",
            "other": "{n}/{count} communes with data",
        },
    },
    "coverage.partial_units": {
        "vi": "Số liệu < {share} xã, phường",
        "en": "Data for < {share} of communes",
    },
    "coverage.partial_provinces": {
        "vi": "{n}/{count} tỉnh, thành phố tính từ số liệu chưa đủ xã, phường",
        "en": {
            "one": "{n} of {count} province from partial data",
            "other": "{n} of {count} provinces from partial data",
        },
    },
    "coverage.data": {"vi": "Số liệu", "en": "Data"},
    "time.utc": {"vi": "{clock} (giờ UTC)", "en": "{clock} UTC"},
    "unit.dossiers": {
        "vi": "hồ sơ",
        "en": {
            "one": "dossier",
            "other": "dossiers",
        },
    },
    "unit.points": {
        "vi": "điểm",
        "en": {
            "one": "point",
            "other": "points",
        },
    },
    "unit.teams": {
        "vi": "đội",
        "en": {
            "one": "team",
            "other": "teams",
        },
    },
    "unit.people": {
        "vi": "người",
        "en": {
            "one": "person",
            "other": "people",
        },
    },
    "unit.visits": {
        "vi": "lượt",
        "en": {
            "one": "visit",
            "other": "visits",
        },
    },
    "unit.units": {
        "vi": "đơn vị",
        "en": {
            "one": "unit",
            "other": "units",
        },
    },
    "unit.units_per_100km2": {
        "vi": "đơn vị / 100 km²",
        "en": {
            "one": "unit / 100 km²",
            "other": "units / 100 km²",
        },
    },
}
