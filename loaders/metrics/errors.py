"""Errors an import answers with: each names the file and, where it can, the row and column.

``row`` is the row number as the user sees it in the file: in a spreadsheet the sheet's row
number, in a CSV the record number counting the header as row 1. ``column`` is the header as
written in the file (or the template header when the column is missing).
"""

from __future__ import annotations

from dataclasses import dataclass

#: How many problems an error message lists before summarising the rest.
MAX_LISTED = 50


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file."""

    file: str
    row: int | None
    column: str | None
    problem: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        return f"{', '.join(where)}: {self.problem}"


class MetricsInputError(ValueError):
    """Base class of every error an import answers with (nothing was stored)."""


class UploadRejected(MetricsInputError):
    """A file refused as a whole: too large, not CSV/XLSX, unreadable."""

    def __init__(
        self, file_name: str, problem: str, row: int | None = None, column: str | None = None
    ):
        self.file_name = file_name
        self.problem = problem
        self.problems = [Problem(file_name, row, column, problem)]
        super().__init__(str(self.problems[0]))


class ValidationFailed(MetricsInputError):
    """A file whose rows break the schema; ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem], total: int | None = None):
        self.problems = list(problems)
        self.total = total if total is not None else len(self.problems)
        listed = "\n".join(f"  {p}" for p in self.problems[:MAX_LISTED])
        more = self.total - min(len(self.problems), MAX_LISTED)
        tail = f"\n  … and {more} more" if more > 0 else ""
        noun = "problem" if self.total == 1 else "problems"
        super().__init__(f"{self.total} {noun} found, nothing was imported:\n{listed}{tail}")
