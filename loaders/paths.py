"""Where the boundary data lives, and where the built layers go.

Two folders matter:

* the **data directory** holds the input boundary files in the mirror layout
  (``wards_2025/``, ``provinces_2025/``, ``pre2025/``, ``extras/``). It may be read-only.
  It is found, in order, from ``$VNMAP_DATA_DIR``, the git-ignored ``geodata/data/`` folder
  of this repository, then ``../shared/geodata`` beside the repository (how development and
  CI machines have it);
  A **declared fixture** is a small data directory for tests (``tests/data/fixture``): it
  has a ``fixture.json`` that says which provinces it holds and where they were cut from,
  and its layers are GeoJSON (see :mod:`loaders.sources`);
* the **build directory** holds what ``python -m loaders build`` makes from it: GeoParquet
  layers and ``manifest.json``. It is ``$VNMAP_BUILD_DIR`` or the git-ignored
  ``geodata/build/``.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR_ENV = "VNMAP_DATA_DIR"
BUILD_DIR_ENV = "VNMAP_BUILD_DIR"

#: The file whose presence marks a folder as a usable data directory.
MARKER = Path("wards_2025") / "wards_2025_detail.parquet"
#: The file that declares a data directory a test fixture (a few provinces, not the country).
FIXTURE_DECLARATION = Path("fixture.json")

#: Upstream of the 2025 ward boundaries, pinned to the commit the mirror was made from.
UPSTREAM_REPO = "thanglequoc/vietnamese-provinces-database"
UPSTREAM_COMMIT = "a108d4d2e357b98482c84b4180995b9fb44883e8"
UPSTREAM_URL = f"https://raw.githubusercontent.com/{UPSTREAM_REPO}/{UPSTREAM_COMMIT}/json/geojson"


@dataclass(frozen=True)
class Candidate:
    """One place the data directory may be, and why it is looked at."""

    path: Path
    origin: str

    @property
    def usable(self) -> bool:
        return (self.path / MARKER).is_file() or is_fixture(self.path)


class DataDirMissing(RuntimeError):
    """No data directory was found; the message says where we looked and what to run."""

    def __init__(self, candidates: list[Candidate]):
        self.candidates = candidates
        looked = "\n".join(f"  - {c.path} ({c.origin})" for c in candidates)
        super().__init__(
            "No boundary data directory found. Looked for "
            f"{MARKER.as_posix()} in:\n{looked}\n"
            f"Get the data with:\n  {fetch_command()}\n"
            f"or point {DATA_DIR_ENV} at a copy of the boundary mirror."
        )


def is_fixture(folder: Path) -> bool:
    """True when ``folder`` is a declared test fixture (it has :data:`FIXTURE_DECLARATION`)."""
    return (folder / FIXTURE_DECLARATION).is_file()


def fixture_declaration(folder: Path) -> dict | None:
    """The fixture's declaration (``provinces``, ``cut_from``, ``files``…), or None when
    ``folder`` is not a declared fixture."""
    if not is_fixture(folder):
        return None
    return json.loads((folder / FIXTURE_DECLARATION).read_text(encoding="utf-8"))


def fetch_command() -> str:
    """The exact command that downloads the upstream files and builds the layers."""
    return f".venv/bin/python -m loaders build --source {UPSTREAM_URL}"


def candidates() -> list[Candidate]:
    """The places searched for the data directory, in resolution order."""
    found = []
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        found.append(Candidate(Path(env).expanduser().resolve(), f"${DATA_DIR_ENV}"))
    found.append(Candidate(REPO_ROOT / "geodata" / "data", "geodata/data (git-ignored)"))
    found.append(Candidate((REPO_ROOT.parent / "shared" / "geodata").resolve(), "../shared"))
    return found


def find_data_dir() -> Path | None:
    """The first usable data directory in resolution order, or None."""
    return next((c.path for c in candidates() if c.usable), None)


def require_data_dir() -> Path:
    """Like :func:`find_data_dir` but raises :class:`DataDirMissing` when there is none."""
    found = find_data_dir()
    if found is None:
        raise DataDirMissing(candidates())
    return found


def build_dir() -> Path:
    """The folder holding built layers (it need not exist yet)."""
    env = os.environ.get(BUILD_DIR_ENV)
    if env:
        return Path(env).expanduser().resolve()
    return REPO_ROOT / "geodata" / "build"
