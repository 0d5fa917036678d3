"""Briefing exports: print-quality maps rendered on the server (PNG 300 dpi, PDF, SVG).

For the UI's download button::

    from dashboard.export import EXPORT_FORMATS, PAGE_SIZES, ExportSpec, default_texts, export_map

    texts = default_texts(metric_label=..., unit=..., units=units, classes=classes,
                          province_full_name="Tỉnh Cao Bằng", period="2026-10", source=...)
    data = export_map(ExportSpec(units, values, classes, texts, fmt="pdf",
                                 page="a4-landscape"))
    st.download_button("Tải PDF", data, file_name="ban-do.pdf", mime=EXPORT_FORMATS["pdf"])

The compare page's old/new briefing (two panels, or the overlay)::

    from dashboard.export import CompareRequest, export_compare, make_compare_spec

    data = export_compare(make_compare_spec(CompareRequest(province="04", fmt="pdf")))

From the command line: ``python -m dashboard.export --help`` (``--compare`` for the
comparison).
"""

from dashboard.export.compare_render import export_compare, save_compare
from dashboard.export.compare_specs import CompareRequest, CompareSpec, make_compare_spec
from dashboard.export.layout import PAGE_SIZES, PageSize
from dashboard.export.render import EXPORT_FORMATS, ExportSpec, export_map, save_map
from dashboard.export.specs import MapRequest, default_texts, make_spec
from dashboard.export.texts import MapTexts

__all__ = [
    "EXPORT_FORMATS",
    "PAGE_SIZES",
    "CompareRequest",
    "CompareSpec",
    "ExportSpec",
    "MapRequest",
    "MapTexts",
    "PageSize",
    "default_texts",
    "export_compare",
    "export_map",
    "make_compare_spec",
    "make_spec",
    "save_compare",
    "save_map",
]
