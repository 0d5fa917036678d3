"""Untrusted text and links made safe for Streamlit Markdown.

Names and press texts come from data files; in ``st.markdown`` they must stay text: no
emphasis, links, images, HTML or LaTeX may come out of them.
"""

from __future__ import annotations

import re
from urllib.parse import quote

_SPECIALS = "*_`[]()<>#|~$!{}"


def md_escape(text: object) -> str:
    """Text safe inside Streamlit Markdown: Markdown and HTML specials are backslash-escaped,
    so a name such as ``<img src=x onerror=alert(1)>`` or ``[x](javascript:…)`` stays text."""
    out = str(text).replace("\\", "\\\\").replace("\n", " ")
    for char in _SPECIALS:
        out = out.replace(char, "\\" + char)
    return out


def is_web_url(url: object) -> bool:
    """True for an absolute ``http://`` or ``https://`` URL (no ``javascript:``, no spaces)."""
    return bool(re.match(r"(?i)^https?://[^\s<>\"']+$", str(url or "").strip()))


def md_url(url: object) -> str | None:
    """``url`` ready for a Markdown link target, or None when it is not http(s). Characters
    that would end the target (brackets, quotes) are percent-encoded."""
    if not is_web_url(url):
        return None
    return quote(str(url).strip(), safe=":/?#@!$&*+,;=%-._~")


def markdown_table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    """A GitHub-flavoured Markdown table; cell text is escaped (``|``, ``*``, ``_``…).

    The page's tables are Markdown rather than ``st.table`` / ``st.dataframe``: those make the
    browser load Arrow and the table scripts, which delays the map on a first visit by about
    half a second. Markdown tables are plain HTML that can be read, copied and printed.
    """

    def cell(text: object) -> str:
        text = str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")
        for char in "*_`[]<>#":
            text = text.replace(char, "\\" + char)
        return text

    lines = ["| " + " | ".join(cell(h) for h in header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)
