"""The input schemas: service-centre metrics, volunteer teams, dossier-level exports.

Each column has a canonical key (used in code and storage), a Vietnamese header (used in the
templates) and an English header; both are accepted on import, as are the key itself, the
headers without diacritics and a few aliases seen in real exports. Headers are compared after
lower-casing, removing diacritics (``unidecode``) and dropping everything but letters and
digits, so ``"Hồ sơ tiếp nhận"``, ``"ho so tiep nhan"`` and ``"HO_SO_TIEP_NHAN"`` are one header.

Column kinds and their rules (checked by :mod:`loaders.metrics.validation`):

``code5``   unit code, 1–5 digits (left-padded to 5: ``4`` → ``"00004"``); always a string
``code2``   province code, 1–2 digits (left-padded to 2)
``text``    free text, at most 200 characters, no NUL
``period``  a month: ``2025-08``, ``08/2025``, ``Tháng 8/2025``, or a date (its month is used);
            from ``2025-07`` (the merger) to the current month
``count``   a whole number ≥ 0 (``1.234`` / ``1,234`` / ``1 234`` are thousands separators)
``score``   a number from 0 to the column's maximum (decimal comma accepted)
``percent`` a number from 0 to 100 (a trailing ``%`` is accepted)
``date``    ``2025-08-15`` (time allowed) or ``15/08/2025`` (day first, Vietnamese usage)
``bool``    1/0, có/không, x/blank, yes/no, true/false, trực tuyến/trực tiếp
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cache

from unidecode import unidecode

#: First month of the two-tier system.
FIRST_PERIOD = "2025-07"
#: The group of :attr:`Schema.needs_one_of` that an import period given on import satisfies.
PERIOD_GROUP = ("period",)
#: The columns naming a unit (and narrowing it); a file needs a code or a name.
UNIT_IDENTITY = ("unit_code", "unit_name", "district_name", "province_code", "province_name")


@dataclass(frozen=True)
class Field:
    """One column of an input schema.

    ``key`` is canonical (storage, code); ``vi`` / ``en`` are the template headers.
    ``maximum`` bounds ``score`` / ``percent`` columns. ``group`` is ``"unit"`` for the
    columns that identify the unit, ``"measure"`` for values.
    """

    key: str
    vi: str
    en: str
    kind: str
    required: bool = False
    maximum: float | None = None
    group: str = "measure"
    aliases: tuple[str, ...] = ()
    help_vi: str = ""
    help_en: str = ""
    #: Unit of measurement (Vietnamese, English) when it is not the kind's default
    #: (:data:`KIND_UNITS`): a volunteers count is people, not dossiers.
    unit: tuple[str, str] | None = None

    def unit_text(self, lang: str = "vi") -> str:
        """The unit of measurement in ``lang`` ("hồ sơ" / "dossiers"), "" for identity columns."""
        vi, en = self.unit or KIND_UNITS.get(self.kind, ("", ""))
        return vi if lang == "vi" else en

    def range_text(self, lang: str = "vi") -> str:
        """The values accepted, in ``lang``, as :mod:`loaders.metrics.validation` checks them."""
        if self.kind in ("score", "percent") and self.maximum is not None:
            return f"0 – {self.maximum:g}"
        vi, en = KIND_RANGES.get(self.kind, ("", ""))
        return vi if lang == "vi" else en


#: Largest count accepted in one cell (a commune receives thousands of dossiers a month).
MAX_COUNT = 1_000_000_000
#: Longest text cell, in characters.
MAX_TEXT = 200

#: Default unit of measurement per column kind (Vietnamese, English).
KIND_UNITS: dict[str, tuple[str, str]] = {
    "count": ("hồ sơ", "dossiers"),
    "score": ("điểm", "points"),
    "percent": ("%", "%"),
    "period": ("tháng", "month"),
    "date": ("ngày", "day"),
}

#: Accepted values per column kind (Vietnamese, English); scores and percents use their maximum.
KIND_RANGES: dict[str, tuple[str, str]] = {
    "code5": ("5 chữ số (00001 – 99999)", "5 digits (00001 – 99999)"),
    "code2": ("2 chữ số (01 – 99)", "2 digits (01 – 99)"),
    "text": (f"tối đa {MAX_TEXT} ký tự", f"at most {MAX_TEXT} characters"),
    "period": (
        f"từ {FIRST_PERIOD} đến tháng hiện tại",
        f"from {FIRST_PERIOD} to the current month",
    ),
    "count": (
        "số nguyên, 0 – " + f"{MAX_COUNT:,}".replace(",", "."),
        f"whole number, 0 – {MAX_COUNT:,}",
    ),
    "date": ("ngày hợp lệ", "a valid date"),
    "bool": ("có / không (1 / 0)", "yes / no (1 / 0)"),
}


@dataclass(frozen=True)
class Schema:
    """An input schema: its fields and the columns that make a row unique."""

    kind: str
    title_vi: str
    title_en: str
    fields: tuple[Field, ...]
    row_key: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default=())
    #: Groups of columns a file needs at least one of, in the order problems are listed:
    #: a unit is named by its code or its name; a month column (unless the import gives
    #: the period, see :data:`PERIOD_GROUP`); a metrics file needs some value column.
    needs_one_of: tuple[tuple[str, ...], ...] = ()

    def field(self, key: str) -> Field:
        """The field with canonical key ``key``."""
        return next(f for f in self.fields if f.key == key)

    @property
    def keys(self) -> list[str]:
        """Canonical keys in template order."""
        return [f.key for f in self.fields]

    @property
    def measures(self) -> list[str]:
        """Keys of the value columns (not unit identity, not period)."""
        return [f.key for f in self.fields if f.group == "measure"]

    def header(self, key: str, lang: str = "vi") -> str:
        """The template header of ``key`` in ``lang`` (``"vi"`` or ``"en"``)."""
        spec = self.field(key)
        return spec.vi if lang == "vi" else spec.en

    def requirement(self, key: str, lang: str = "vi") -> str:
        """Whether column ``key`` is required, in ``lang``; "" when it is optional.

        Read from ``required`` and :attr:`needs_one_of`, the same data the validation's
        missing-column check uses, so the template's guide cannot say otherwise.
        """
        yes = "có" if lang == "vi" else "yes"
        if self.field(key).required:
            return yes
        for group in self.needs_one_of:
            if key not in group:
                continue
            if group == PERIOD_GROUP:
                return (
                    "có (hoặc chọn kỳ báo cáo khi nhập)"
                    if lang == "vi"
                    else "yes (or choose the period when importing)"
                )
            if set(group) == set(self.measures):
                return "ít nhất một cột số liệu" if lang == "vi" else "at least one value column"
            others = " / ".join(self.header(k, lang) for k in group if k != key)
            return f"có (hoặc {others})" if lang == "vi" else f"yes (or {others})"
        return ""


def header_key(text: object) -> str:
    """A header reduced for comparison: no diacritics, lower case, letters and digits only."""
    return re.sub(r"[^a-z0-9]", "", unidecode(str(text)).lower())


_UNIT_FIELDS = (
    Field(
        "unit_code",
        "Mã đơn vị",
        "unit_code",
        "code5",
        group="unit",
        aliases=(
            "Mã xã",
            "Mã phường",
            "Mã ĐVHC",
            "Mã đơn vị hành chính",
            "code",
            "ward_code",
            "commune_code",
            "Mã xã/phường",
        ),
        help_vi="Mã 5 chữ số của xã/phường/đặc khu (mới, hoặc cũ nếu báo cáo theo đơn vị cũ)",
        help_en="5-digit official code of the commune (new, or former for old-unit data)",
    ),
    Field(
        "unit_name",
        "Tên đơn vị",
        "unit_name",
        "text",
        group="unit",
        aliases=(
            "Tên xã",
            "Tên phường",
            "Xã/phường",
            "Xã, phường",
            "Tên đơn vị hành chính",
            "name",
            "commune",
            "ward",
            "commune_name",
            "ward_name",
            "Đơn vị",
        ),
        help_vi="Tên xã/phường; dùng khi thiếu mã",
        help_en="Commune name; used when no code",
    ),
    Field(
        "district_name",
        "Quận/huyện (cũ)",
        "former_district",
        "text",
        group="unit",
        aliases=("Huyện", "Quận/huyện", "district", "district_name"),
        help_vi="Chỉ cho dữ liệu theo đơn vị cũ: huyện trước 1/7/2025",
        help_en="Only for data under former units: the district before 1 July 2025",
    ),
    Field(
        "province_code",
        "Mã tỉnh",
        "province_code",
        "code2",
        group="unit",
        aliases=("Mã tỉnh/thành phố", "Mã tỉnh/TP"),
        help_vi="Mã 2 chữ số của tỉnh/thành phố",
        help_en="2-digit province code",
    ),
    Field(
        "province_name",
        "Tỉnh/thành phố",
        "province_name",
        "text",
        group="unit",
        aliases=("Tỉnh", "Tỉnh/TP", "Tỉnh, thành phố", "province"),
        help_vi="Tên tỉnh/thành phố (mới hoặc cũ)",
        help_en="Province name (new or former)",
    ),
)

_PERIOD_FIELD = Field(
    "period",
    "Kỳ báo cáo (tháng)",
    "period",
    "period",
    group="period",
    aliases=("Kỳ báo cáo", "Tháng", "Kỳ", "month", "Tháng báo cáo"),
    help_vi="Tháng, dạng 2025-08 hoặc 08/2025",
    help_en="Month, as 2025-08 or 08/2025",
)

METRICS = Schema(
    kind="metrics",
    title_vi="Chỉ số Trung tâm Phục vụ hành chính công theo đơn vị và tháng",
    title_en="Service-centre metrics per unit and month",
    fields=(
        *_UNIT_FIELDS,
        _PERIOD_FIELD,
        Field(
            "received",
            "Hồ sơ tiếp nhận",
            "dossiers_received",
            "count",
            aliases=("Tiếp nhận", "Số hồ sơ tiếp nhận", "Tổng số hồ sơ tiếp nhận", "received"),
            help_vi="Số hồ sơ tiếp nhận trong tháng",
            help_en="Dossiers received in the month",
        ),
        Field(
            "received_online",
            "Hồ sơ tiếp nhận trực tuyến",
            "received_online",
            "count",
            aliases=("Tiếp nhận trực tuyến", "Hồ sơ trực tuyến", "online"),
            help_vi="Trong đó: nộp trực tuyến",
            help_en="Of which received online",
        ),
        Field(
            "resolved",
            "Hồ sơ đã giải quyết",
            "dossiers_resolved",
            "count",
            aliases=("Đã giải quyết", "Tổng số đã giải quyết", "resolved"),
            help_vi="Không bắt buộc; nếu có phải ≥ đúng hạn + quá hạn",
            help_en="Optional; if given must be ≥ on time + late",
        ),
        Field(
            "resolved_on_time",
            "Giải quyết đúng hạn",
            "resolved_on_time",
            "count",
            aliases=("Đúng hạn", "Đúng và trước hạn", "Giải quyết đúng và trước hạn", "on_time"),
            help_vi="Đúng hạn và trước hạn",
            help_en="On time or early",
        ),
        Field(
            "resolved_late",
            "Giải quyết quá hạn",
            "resolved_late",
            "count",
            aliases=("Quá hạn", "Trễ hạn", "late"),
            help_vi="Giải quyết quá hạn",
            help_en="Resolved after the due date",
        ),
        Field(
            "in_progress",
            "Đang giải quyết",
            "in_progress",
            "count",
            aliases=("Đang xử lý", "Chưa giải quyết"),
            help_vi="Đang giải quyết cuối tháng",
            help_en="In progress at month end",
        ),
        Field(
            "returned_at_home",
            "Trả kết quả tại nhà",
            "returned_at_home",
            "count",
            aliases=("Trả tại nhà", "Trả kết quả tại nhà (hồ sơ)", "returned_home"),
            help_vi="Kết quả trả tận nhà",
            help_en="Results delivered at home",
        ),
        Field(
            "digitised",
            "Hồ sơ được số hóa",
            "dossiers_digitised",
            "count",
            aliases=(
                "Hồ sơ đã số hóa",
                "Số hồ sơ số hóa",
                "digitised",
                "digitized",
                "dossiers_digitized",
            ),
            help_vi="Hồ sơ được số hóa",
            help_en="Dossiers digitised",
        ),
        Field(
            "score_disclosure",
            "Công khai, minh bạch (/18)",
            "score_disclosure",
            "score",
            maximum=18,
            aliases=("Công khai, minh bạch", "Công khai minh bạch"),
            help_vi="Chỉ số 766, nhóm 1 (tối đa 18)",
            help_en="766 index group 1 (max 18)",
        ),
        Field(
            "score_progress",
            "Tiến độ, kết quả giải quyết (/20)",
            "score_progress",
            "score",
            maximum=20,
            aliases=("Tiến độ, kết quả giải quyết", "Tiến độ kết quả"),
            help_vi="Chỉ số 766, nhóm 2 (tối đa 20)",
            help_en="766 index group 2 (max 20)",
        ),
        Field(
            "score_digitisation",
            "Số hóa hồ sơ (/22)",
            "score_digitisation",
            "score",
            maximum=22,
            aliases=("Số hóa hồ sơ", "Điểm số hóa hồ sơ", "score_digitization"),
            help_vi="Chỉ số 766, nhóm 3 (tối đa 22)",
            help_en="766 index group 3 (max 22)",
        ),
        Field(
            "score_online",
            "Cung cấp dịch vụ trực tuyến (/22)",
            "score_online",
            "score",
            maximum=22,
            aliases=("Cung cấp dịch vụ trực tuyến", "Dịch vụ trực tuyến"),
            help_vi="Chỉ số 766, nhóm 4 (tối đa 22)",
            help_en="766 index group 4 (max 22)",
        ),
        Field(
            "score_satisfaction",
            "Mức độ hài lòng (/18)",
            "score_satisfaction",
            "score",
            maximum=18,
            aliases=("Mức độ hài lòng", "Hài lòng"),
            help_vi="Chỉ số 766, nhóm 5 (tối đa 18)",
            help_en="766 index group 5 (max 18)",
        ),
        Field(
            "score_total",
            "Tổng điểm (/100)",
            "score_total",
            "score",
            maximum=100,
            aliases=("Tổng điểm", "Điểm tổng", "Tổng", "total_score"),
            help_vi="Tổng 5 nhóm (tối đa 100)",
            help_en="Sum of the 5 groups (max 100)",
        ),
        Field(
            "satisfaction_rate",
            "Tỷ lệ hài lòng (%)",
            "satisfaction_rate",
            "percent",
            maximum=100,
            aliases=("Tỷ lệ hài lòng", "Tỷ lệ hài lòng của người dân"),
            help_vi="Phần trăm người dân hài lòng (0–100)",
            help_en="Percent of citizens satisfied (0–100)",
        ),
    ),
    row_key=("unit", "period"),
)
# The value group lists the schema's own measures, known once its fields are.
METRICS = replace(
    METRICS, needs_one_of=(("unit_code", "unit_name"), PERIOD_GROUP, tuple(METRICS.measures))
)

VOLUNTEERS = Schema(
    kind="volunteers",
    title_vi="Đội hình tình nguyện theo đơn vị và tháng",
    title_en="Volunteer teams per unit and month",
    fields=(
        Field(
            "team_name",
            "Tên đội hình",
            "team_name",
            "text",
            required=True,
            group="team",
            aliases=("Đội hình", "Tên đội", "team"),
        ),
        Field(
            "team_kind",
            "Loại đội hình",
            "team_kind",
            "text",
            group="team",
            aliases=("Loại", "Loại đội", "kind", "team_type"),
            help_vi="Bình dân học vụ số / Thanh niên tình nguyện / Mùa hè xanh / "
            "Tổ công nghệ số cộng đồng / khác",
            help_en="Digital literacy / youth volunteers / Green Summer / "
            "community digital team / other",
        ),
        *_UNIT_FIELDS,
        _PERIOD_FIELD,
        Field(
            "volunteers",
            "Số tình nguyện viên",
            "volunteers",
            "count",
            aliases=("Tình nguyện viên", "Số thành viên", "Thành viên", "members"),
            unit=("người", "people"),
        ),
        Field(
            "people_supported",
            "Lượt người dân được hỗ trợ",
            "people_supported",
            "count",
            aliases=("Người dân được hỗ trợ", "Lượt người được hỗ trợ", "people_helped"),
            unit=("lượt người", "people (visits)"),
        ),
        Field(
            "dossiers_supported",
            "Hồ sơ được hỗ trợ",
            "dossiers_supported",
            "count",
            aliases=("Lượt hồ sơ được hỗ trợ", "Hồ sơ hỗ trợ"),
            help_vi="Trùng với hồ sơ tiếp nhận ở trung tâm: không cộng hai số",
            help_en="Overlaps dossiers received by centres: never add the two",
        ),
        Field(
            "trainees",
            "Số người được tập huấn",
            "trainees",
            "count",
            aliases=("Người được tập huấn", "Lượt người được tập huấn", "Học viên"),
            unit=("người", "people"),
        ),
    ),
    row_key=("unit", "period", "team_name"),
    needs_one_of=(("unit_code", "unit_name"), PERIOD_GROUP),
)

DOSSIERS = Schema(
    kind="dossiers",
    title_vi="Danh sách hồ sơ (mỗi dòng một hồ sơ)",
    title_en="Dossier-level export (one row per dossier)",
    fields=(
        Field(
            "dossier_id",
            "Mã hồ sơ",
            "dossier_id",
            "text",
            group="dossier",
            aliases=("Số hồ sơ", "id"),
            help_vi="Không bắt buộc; dùng để phát hiện trùng",
            help_en="Optional; used to detect duplicates",
        ),
        Field(
            "unit_code",
            "Mã đơn vị",
            "unit_code",
            "code5",
            required=True,
            group="unit",
            aliases=("Mã xã", "Mã phường", "Mã ĐVHC", "Đơn vị tiếp nhận", "code"),
        ),
        Field(
            "procedure",
            "Thủ tục",
            "procedure",
            "text",
            group="dossier",
            aliases=("Tên thủ tục", "Thủ tục hành chính", "procedure_name"),
        ),
        Field(
            "received_date",
            "Ngày tiếp nhận",
            "received_date",
            "date",
            required=True,
            aliases=("Ngày nhận", "received_at"),
        ),
        Field(
            "due_date",
            "Hạn giải quyết",
            "due_date",
            "date",
            aliases=("Ngày hẹn trả", "Hạn xử lý", "due_at"),
        ),
        Field(
            "resolved_date",
            "Ngày giải quyết",
            "resolved_date",
            "date",
            aliases=("Ngày hoàn thành", "Ngày trả kết quả", "resolved_at"),
            help_vi="Để trống nếu đang giải quyết",
            help_en="Blank while in progress",
        ),
        Field(
            "online",
            "Trực tuyến",
            "online",
            "bool",
            required=True,
            aliases=("Nộp trực tuyến", "Hình thức nộp", "is_online"),
        ),
        Field(
            "returned_at_home",
            "Trả kết quả tại nhà",
            "returned_at_home",
            "bool",
            aliases=("Trả tại nhà",),
        ),
        Field("digitised", "Đã số hóa", "digitised", "bool", aliases=("Số hóa", "digitized")),
    ),
    row_key=("dossier_id",),
)

SCHEMAS: dict[str, Schema] = {s.kind: s for s in (METRICS, VOLUNTEERS, DOSSIERS)}

#: Count columns of the metrics schema, summed when units are aggregated or converted.
METRIC_COUNTS = [f.key for f in METRICS.fields if f.kind == "count"]
#: 766 index and satisfaction columns, averaged weighted by dossiers received.
METRIC_SCORES = [f.key for f in METRICS.fields if f.kind in ("score", "percent")]
#: The five 766 index groups (their sum is the total out of 100).
SCORE_GROUPS = [
    "score_disclosure",
    "score_progress",
    "score_digitisation",
    "score_online",
    "score_satisfaction",
]
#: Count columns of the volunteers schema.
VOLUNTEER_COUNTS = [f.key for f in VOLUNTEERS.fields if f.kind == "count"]


@cache
def header_lookup(kind: str) -> dict[str, str]:
    """Reduced header (see :func:`header_key`) → canonical key, for schema ``kind``."""
    lookup: dict[str, str] = {}
    for spec in SCHEMAS[kind].fields:
        for text in (spec.key, spec.vi, spec.en, *spec.aliases):
            reduced = header_key(text)
            other = lookup.setdefault(reduced, spec.key)
            if other != spec.key:  # a programming error: two fields claim one header
                raise ValueError(f"header {text!r} is claimed by {other} and {spec.key}")
    return lookup


def detect_kind(headers: list[str]) -> str | None:
    """The schema whose headers best match ``headers``, or None when nothing fits.

    A dossier export has a received date; a volunteer file has a team name; otherwise a file
    with any metrics column is a metrics file.
    """
    reduced = {header_key(h) for h in headers}
    scores = {kind: sum(1 for h in reduced if h in header_lookup(kind)) for kind in SCHEMAS}
    if "received_date" in {header_lookup("dossiers").get(h) for h in reduced}:
        return "dossiers"
    if "team_name" in {header_lookup("volunteers").get(h) for h in reduced}:
        return "volunteers"
    measures = set(METRICS.measures)
    if any(header_lookup("metrics").get(h) in measures for h in reduced):
        return "metrics"
    best = max(scores, key=lambda k: scores[k])
    return best if scores[best] else None
