"""Shared test configuration.

System dependencies (Java for HermiT, Virtuoso): use :func:`require_binary`. Outside CI a missing binary
skips the test with a visible reason; in CI (env CI set, as .ci/run does) it fails, because .ci/run must
have installed it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() not in ("", "0", "false")


def require_binary(name: str, why: str) -> str:
    """The path of *name* on PATH; skip (outside CI) or fail (in CI) when it is missing."""
    path = shutil.which(name)
    if path:
        return path
    msg = f"system dependency missing: {name} ({why}); run scripts/install-system-deps.sh as root"
    if in_ci():
        pytest.fail(msg)
    pytest.skip(msg)
    raise AssertionError("unreachable")


@pytest.fixture(scope="session")
def project_root() -> Path:
    return ROOT
