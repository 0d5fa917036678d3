"""Figures of a load run: server time per interaction, errors by kind, written as JSON and as a
Markdown table under ``bench/out/``."""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "out"


def percentile(values: list[float], q: float) -> float | None:
    """Nearest-rank percentile (q in 0…100) of ``values``; None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


@dataclass
class Stats:
    """Timings in seconds per step, and errors counted by kind (with a few examples)."""

    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: Counter = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def record(self, step: str, seconds: float) -> None:
        self.times[step].append(seconds)

    def count(self) -> int:
        """Interactions timed so far."""
        return sum(len(values) for values in self.times.values())

    def error(self, kind: str, detail: str) -> None:
        self.errors[kind] += 1
        if len(self.examples[kind]) < 5:
            self.examples[kind].append(detail[:300])

    def summary(self) -> dict[str, object]:
        every = [s for values in self.times.values() for s in values]
        steps = {name: _figures(values) for name, values in sorted(self.times.items())}
        return {
            "interactions": len(every),
            "all": _figures(every),
            "steps": steps,
            "errors": sum(self.errors.values()),
            "errors_by_kind": dict(self.errors),
            "error_examples": dict(self.examples),
        }


def _figures(values: list[float]) -> dict[str, float | int | None]:
    def rounded(value: float | None) -> float | None:
        return None if value is None else round(value, 3)

    return {
        "n": len(values),
        "p50_s": rounded(percentile(values, 50)),
        "p95_s": rounded(percentile(values, 95)),
        "max_s": rounded(max(values) if values else None),
    }


def write(name: str, result: dict[str, object], table: str) -> Path:
    """``bench/out/<name>.json`` and ``.md``; returns the Markdown file's path."""
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"{name}.json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    markdown = OUT / f"{name}.md"
    markdown.write_text(table + "\n", encoding="utf-8")
    return markdown


def markdown_table(header: list[str], rows: list[list[object]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join("–" if v is None else str(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)
