"""Rows of one worksheet of an XLSX, streamed: the XML is parsed 1 MB at a time by expat and
each row is dropped once it is yielded, so a sheet of a million rows never sits in memory.

Both readers the project otherwise uses hold the whole sheet: python-calamine builds every
cell (about 290 MB for a 1,040,000-row, 3-column dossier export) and openpyxl's read-only
mode keeps an element per row and parsed the whole sheet when the workbook was opened
(about 180 MB, and 40 s). This reader keeps the shared strings (which the sheet refers to
by index) and the 100 bytes or so of the row being parsed.

Values come out as openpyxl gives them, so the callers' text conversion is the same for
every reader: text as ``str``, numbers as ``int`` or ``float``, numbers in a date format as
``datetime`` (the workbook's 1900 or 1904 calendar), booleans as ``bool``, error cells as
their text (``#N/A``), an empty cell as ``None``. Date formats are recognised by openpyxl's
own :func:`~openpyxl.styles.numbers.is_date_format` and built-in formats table.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from datetime import datetime
from pyexpat import ParserCreate
from xml.etree import ElementTree as ET

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

#: Bytes of XML handed to the parser at a time.
BLOCK_BYTES = 1 << 20
_CELL_REF = re.compile(r"([A-Z]{1,3})(\d+)$")


_LOCAL_NAMES: dict[str, str] = {}


def _local(tag: str) -> str:
    """A tag without its namespace or prefix (``{ns}c`` or ``x:c`` → ``c``); remembered, as
    a sheet repeats a handful of tags millions of times."""
    local = _LOCAL_NAMES.get(tag)
    if local is None:
        local = _LOCAL_NAMES[tag] = tag.rsplit("}", 1)[-1].rpartition(":")[2]
    return local


class _Text:
    """Collects the text of ``<t>`` (outside phonetic guides) or ``<v>`` elements."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.capture = False
        self.phonetic = 0

    def start(self, tag: str) -> None:
        if tag == "rPh":
            self.phonetic += 1
        elif tag in ("t", "v") and not self.phonetic:
            self.capture = True

    def end(self, tag: str) -> None:
        if tag == "rPh":
            self.phonetic -= 1
        elif tag in ("t", "v"):
            self.capture = False

    def data(self, text: str) -> None:
        if self.capture:
            self.parts.append(text)

    def take(self) -> str:
        text, self.parts = "".join(self.parts), []
        return text


def _parse(archive: zipfile.ZipFile, part: str, start, end, data) -> Iterator[None]:
    """Feed an archive part to expat :data:`BLOCK_BYTES` at a time with the given handlers;
    yields after each block so the caller can hand on what the handlers collected."""
    parser = ParserCreate()
    parser.buffer_text = True  # one data call per text run, not per line or entity
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = data
    with archive.open(part) as stream:
        while block := stream.read(BLOCK_BYTES):
            parser.Parse(block, False)
            yield
    parser.Parse(b"", True)
    yield


def shared_strings(archive: zipfile.ZipFile) -> list[str]:
    """The workbook's shared strings, in order (the runs of rich text joined; phonetic
    guides left out, as Excel shows them)."""
    if "xl/sharedStrings.xml" not in archive.namelist():
        return []
    strings: list[str] = []
    text = _Text()

    def start(name: str, _attrs: dict) -> None:
        text.start(_local(name))

    def end(name: str) -> None:
        tag = _local(name)
        text.end(tag)
        if tag == "si":
            strings.append(text.take())

    for _ in _parse(archive, "xl/sharedStrings.xml", start, end, text.data):
        pass
    return strings


def date_styles(archive: zipfile.ZipFile) -> list[bool]:
    """For each cell style (``s=`` index), whether its number format shows a date."""
    if "xl/styles.xml" not in archive.namelist():
        return []
    root = ET.fromstring(archive.read("xl/styles.xml"))
    custom = {
        int(f.get("numFmtId", "-1")): f.get("formatCode", "")
        for f in root.iter()
        if _local(f.tag) == "numFmt"
    }
    dated: list[bool] = []
    for group in root:
        if _local(group.tag) != "cellXfs":
            continue
        for xf in group:
            number = int(xf.get("numFmtId", "0"))
            code = custom.get(number, BUILTIN_FORMATS.get(number, "General"))
            dated.append(is_date_format(code))
    return dated


def calendar(archive: zipfile.ZipFile) -> datetime:
    """The workbook's epoch: 1904 when ``workbookPr date1904`` says so, else 1900."""
    root = ET.fromstring(archive.read("xl/workbook.xml"))
    for element in root.iter():
        if _local(element.tag) == "workbookPr":
            return (
                CALENDAR_MAC_1904
                if element.get("date1904", "").lower() in ("1", "true")
                else CALENDAR_WINDOWS_1900
            )
    return CALENDAR_WINDOWS_1900


def _column(reference: str | None) -> int | None:
    """0-based column of a cell reference (``"C7"`` → 2), or None without one."""
    match = _CELL_REF.match(reference or "")
    if match is None:
        return None
    index = 0
    for letter in match.group(1):
        index = index * 26 + ord(letter) - 64
    return index - 1


class _Values:
    """Turns a cell's type (``t=``), style (``s=``) and text into its value (see the module's
    docstring)."""

    def __init__(self, strings: list[str], dated: list[bool], epoch: datetime):
        self.strings, self.dated, self.epoch = strings, dated, epoch

    def value(self, kind: str, style: str | None, raw: str, has_value: bool) -> object:
        if kind == "inlineStr":
            return raw
        if not has_value:
            return None
        if kind == "s":
            return self.strings[int(raw)]
        if kind == "b":
            return raw.strip() in ("1", "true")
        if kind in ("str", "e", "d"):
            return raw
        number = float(raw)
        index = int(style or 0)
        if index < len(self.dated) and self.dated[index]:
            return from_excel(number, self.epoch)
        # "3" is an int, as openpyxl reads it; "3.0" and "3E0" are floats
        return int(raw) if raw.strip().lstrip("-").isdigit() else number


def iter_rows(archive: zipfile.ZipFile, part: str) -> Iterator[tuple[int, list[object]]]:
    """(1-based row number, values from column A) of every ``<row>`` of the sheet ``part``.

    A row or cell without a reference is placed after the previous one, as Excel does.
    Raises ``pyexpat.ExpatError`` for malformed XML, ``ValueError``/``IndexError`` for a
    number or shared-string index that is not one.
    """
    values_of = _Values(shared_strings(archive), date_styles(archive), calendar(archive))
    text = _Text()
    ready: list[tuple[int, list[object]]] = []
    row: list[object] = []
    number = 0
    cell: dict[str, str] = {}
    has_value = False

    def start(name: str, attrs: dict) -> None:
        nonlocal number, row, cell, has_value
        tag = _local(name)
        if tag == "row":
            number = int(attrs.get("r") or number + 1)
            row = []
        elif tag == "c":
            cell, has_value = attrs, False
            text.parts = []
        elif tag in ("v", "is"):
            has_value = True
        text.start(tag)

    def end(name: str) -> None:
        tag = _local(name)
        text.end(tag)
        if tag == "c":
            column = _column(cell.get("r"))
            column = len(row) if column is None else column
            if column >= len(row):
                row.extend([None] * (column + 1 - len(row)))
            row[column] = values_of.value(cell.get("t", "n"), cell.get("s"), text.take(), has_value)
        elif tag == "row":
            ready.append((number, row))

    for _ in _parse(archive, part, start, end, text.data):
        yield from ready
        ready.clear()
