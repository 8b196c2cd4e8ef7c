"""Errors with a documented exit code, mapped by the CLI (0 ok, 1 validation failed, 2 usage/input error)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

EXIT_OK = 0
EXIT_VALIDATION = 1
EXIT_INPUT = 2


class WardkgError(Exception):
    """Base class: every error the CLI reports without a traceback."""

    exit_code = EXIT_INPUT


@dataclass
class SourceFormatError(WardkgError):
    """A source document does not fit its document family.

    Always names the file, the position (1-based line, or character offset for one-line documents)
    and what the parser expected there, so a ward's staff can find the problem in their own file.
    """

    path: Path | str
    line: int | None
    expected: str
    found: str = ""
    column: int | None = None

    def __str__(self) -> str:
        where = str(self.path)
        if self.line is not None:
            where += f":{self.line}"
        if self.column is not None:
            where += f":{self.column}"
        found = self.found if len(self.found) <= 80 else self.found[:77] + "..."
        msg = f"{where}: expected {self.expected}"
        if found:
            msg += f", found {found!r}"
        return msg


class InputError(WardkgError):
    """Bad input that is not a source document: an RDF file that does not parse, a missing file, a bad option."""


class ValidationFailed(WardkgError):
    """The graph violates the core shapes."""

    exit_code = EXIT_VALIDATION
