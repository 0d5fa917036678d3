"""The build manifest: what went in, what came out, with which tools, and checksums of all."""

from __future__ import annotations

import hashlib
import json
import platform
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

import shapely

MANIFEST_NAME = "manifest.json"
#: Bumped whenever the built layout or columns change, so an old build is rebuilt.
SCHEMA_VERSION = 3  # 2: measured area_km2 and area_km2_published; 3: GSO lineage counts

_TOOLS = ("geopandas", "shapely", "pyogrio", "pyarrow", "pandas", "vietnamadminunits")


def sha256_of(path: Path, chunk: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def file_entry(path: Path, root: Path) -> dict:
    """``{"path", "bytes", "sha256"}`` of one file, its path relative to ``root``."""
    return {
        "path": path.relative_to(root).as_posix(),
        "bytes": path.stat().st_size,
        "sha256": sha256_of(path),
    }


def tool_versions() -> dict[str, str]:
    tools = {name: version(name) for name in _TOOLS}
    tools["python"] = platform.python_version()
    tools["geos"] = shapely.geos_version_string
    return tools


def now_utc() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def write(path: Path, manifest: dict) -> None:
    path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")


def read(folder: Path) -> dict | None:
    """The manifest in ``folder``, or None when there is none or it is from another schema."""
    path = folder / MANIFEST_NAME
    if not path.is_file():
        return None
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError:
        return None
    return manifest if manifest.get("schema_version") == SCHEMA_VERSION else None
