"""Errors an import answers with: each names the file and, where it can, the row and column.

``row`` is the row number as the user sees it in the file: in a spreadsheet the sheet's row
number, in a CSV the record number counting the header as row 1. ``column`` is the header as
written in the file (or the template header when the column is missing).

What is wrong is a message key and its parameters (:mod:`loaders.messages`), never finished
text: :meth:`Problem.text` words it in the UI's language; ``str()`` of a problem or an error
is English, for the CLI and the import log.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from loaders.messages import Message, render

#: How many problems an error message lists before summarising the rest.
MAX_LISTED = 50


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file: where, and the key and parameters of what."""

    file: str
    row: int | None
    column: str | None
    key: str
    params: Mapping[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        Message(self.key, self.params)  # an unknown key fails here, where it is made

    def __hash__(self) -> int:  # the parameters are a mapping: hash what they say
        return hash((self.file, self.row, self.column, self.message))

    @classmethod
    def of(cls, file: str, row: int | None, column: str | None, message: Message) -> Problem:
        """The problem of ``message`` at ``file``, ``row``, ``column``."""
        return cls(file, row, column, message.key, message.params)

    @property
    def message(self) -> Message:
        return Message(self.key, self.params)

    @property
    def problem(self) -> str:
        """What is wrong, in English."""
        return self.text("en")

    def text(self, lang: str = "vi") -> str:
        """What is wrong, in ``lang`` (without the place)."""
        return self.message.render(lang)

    def located(self, lang: str = "en") -> str:
        """File, row, column and what is wrong, in ``lang``."""
        where = [self.file]
        if self.row is not None:
            # the row number as the sheet shows it: no thousands separator
            where.append(render("data.where_row", lang, row=str(self.row)))
        if self.column is not None:
            where.append(render("data.where_column", lang, column=self.column))
        return f"{', '.join(where)}: {self.text(lang)}"

    def __str__(self) -> str:
        return self.located("en")


class MetricsInputError(ValueError):
    """Base class of every error an import answers with (nothing was stored)."""

    problems: list[Problem]

    def headline(self, lang: str = "vi") -> str:
        """One line saying what went wrong, in ``lang``."""
        return self.problems[0].located(lang) if self.problems else str(self)

    def describe(self, lang: str = "en") -> str:
        """Everything that went wrong, in ``lang`` (the English is ``str()``)."""
        return "\n".join(p.located(lang) for p in self.problems) or str(self)


class UploadRejected(MetricsInputError):
    """A file refused as a whole: too large, not CSV/XLSX, unreadable. ``message`` is a
    :class:`~loaders.messages.Message` or the key of one whose parameters are ``params``."""

    def __init__(
        self,
        file_name: str,
        message: Message | str,
        row: int | None = None,
        column: str | None = None,
        **params: object,
    ):
        if isinstance(message, str):
            message = Message(message, params)
        self.file_name = file_name
        self.message = message
        self.problems = [Problem.of(file_name, row, column, message)]
        super().__init__(str(self.problems[0]))

    @property
    def problem(self) -> str:
        """What is wrong, in English."""
        return self.message.render("en")


class ValidationFailed(MetricsInputError):
    """A file whose rows break the schema; ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem], total: int | None = None):
        self.problems = list(problems)
        self.total = total if total is not None else len(self.problems)
        super().__init__(self.describe("en"))

    def headline(self, lang: str = "vi") -> str:
        """ "N problems found, nothing was imported", in ``lang``."""
        return render("data.validation_failed", lang, count=self.total)

    def describe(self, lang: str = "en") -> str:
        """The headline and the first :data:`MAX_LISTED` problems, one a line."""
        listed = "\n".join(f"  {p.located(lang)}" for p in self.problems[:MAX_LISTED])
        more = self.total - min(len(self.problems), MAX_LISTED)
        tail = "\n  " + render("data.and_more", lang, n=more) if more > 0 else ""
        return f"{self.headline(lang)}:\n{listed}{tail}"
