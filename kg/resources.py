"""Paths to the data that ships inside the package (rules, lexicons, ontology)."""
from __future__ import annotations

from importlib import resources
from pathlib import Path

from .errors import ResourceMissing


def _package_dir(package: str) -> Path:
    try:
        root = resources.files(package)
    except ModuleNotFoundError as exc:
        raise ResourceMissing("E601", name=package) from exc
    return Path(str(root))


def data_path(*parts: str) -> Path:
    """A file or folder under kg/data."""
    path = _package_dir("kg.data").joinpath(*parts)
    if not path.exists():
        raise ResourceMissing("E601", name="kg/data/" + "/".join(parts))
    return path


def ontology_path(name: str = "kg.ttl") -> Path:
    """A file of the ontology (top-level ontology/, installed as kg.ontology)."""
    source = Path(__file__).resolve().parent.parent
    if (source / "pyproject.toml").is_file() and (source / "ontology" / name).is_file():
        # A source checkout reads its own ontology/, also when another checkout is the one
        # installed as kg.ontology (a git worktree run with the main checkout's venv).
        folder = source / "ontology"
    else:
        try:
            folder = _package_dir("kg.ontology")
        except ResourceMissing:
            folder = source / "ontology"
    path = folder / name
    if not path.exists():
        raise ResourceMissing("E601", name="ontology/" + name)
    return path


def rule_files() -> list[Path]:
    """The built-in rule files, in a stable order."""
    return sorted(data_path("rules").glob("*.yaml"))

