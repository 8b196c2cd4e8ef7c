"""The source-document registry: data/sources/sources.yaml, read and checked.

Why a registry: the project must build on a fresh machine from its own files, and every element's
provenance points at one of these records (title, publisher, date, checksum). A source whose file
does not match its recorded sha256 is refused: the committed data would no longer say where it came from.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from wardkg.errors import InputError

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = PROJECT_ROOT / "data"
SOURCES_DIR = DATA_DIR / "sources"
SOURCES_YAML = SOURCES_DIR / "sources.yaml"


@dataclass(frozen=True)
class SourceDoc:
    """One source document and what we know of it (see data/sources/sources.yaml for the fields)."""

    id: str
    ward: str
    ward_name: str
    family: str
    path: Path
    title: str
    kind: str
    fiscal_years: tuple[int, ...]
    title_en: str | None = None
    issuer: str | None = None
    issuing_unit: tuple[str, ...] = ()
    issued: str | None = None
    issued_note: str | None = None
    status: str | None = None
    fiscal_years_inferred: str | None = None
    sha256: str | None = None
    licence: str | None = None
    licence_basis: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def read_text(self) -> str:
        """The document's text (UTF-8), checked against its recorded checksum."""
        data = self.path.read_bytes()
        if self.sha256 and hashlib.sha256(data).hexdigest() != self.sha256:
            raise InputError(f"{self.path}: sha256 differs from data/sources/sources.yaml ({self.id})")
        return decode_source(self.path, data)


def decode_source(path: Path | str, data: bytes) -> str:
    """Decode a source file as UTF-8, refusing binary files and other encodings with a clear error."""
    from wardkg.errors import SourceFormatError

    if not data.strip():
        raise SourceFormatError(path, 1, "a non-empty UTF-8 text document", "an empty file")
    if b"\x00" in data[:4096]:
        raise SourceFormatError(path, 1, "UTF-8 text", "binary data (NUL bytes)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceFormatError(
            path, line, "UTF-8 text", f"byte 0x{data[exc.start]:02x} (another encoding, e.g. Shift_JIS?)"
        ) from exc
    return text.removeprefix("\ufeff")


def sha256_file(path: Path | str) -> str:
    """Hex sha256 of a file."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def load_sources(yaml_path: Path = SOURCES_YAML) -> list[SourceDoc]:
    """All registered sources, in file order."""
    try:
        raw = yaml.safe_load(yaml_path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"{yaml_path}: cannot read the source registry: {exc}") from exc
    known = {f for f in SourceDoc.__dataclass_fields__ if f != "extra"}
    docs: list[SourceDoc] = []
    for i, entry in enumerate(raw.get("sources", []), start=1):
        try:
            kwargs = {k: v for k, v in entry.items() if k in known}
            kwargs["path"] = yaml_path.parent / entry["path"]
            kwargs["fiscal_years"] = tuple(entry["fiscal_years"])
            kwargs["issuing_unit"] = tuple(entry.get("issuing_unit") or ())
            kwargs["ward"] = str(entry["ward"])
            kwargs["extra"] = {k: v for k, v in entry.items() if k not in known}
            docs.append(SourceDoc(**kwargs))
        except (KeyError, TypeError) as exc:
            raise InputError(f"{yaml_path}: source entry {i} is missing or has a bad field: {exc}") from exc
    return docs


def get_source(source_id: str, yaml_path: Path = SOURCES_YAML) -> SourceDoc:
    """The registered source with this id."""
    for doc in load_sources(yaml_path):
        if doc.id == source_id:
            return doc
    raise InputError(f"no source {source_id!r} in {yaml_path}")
