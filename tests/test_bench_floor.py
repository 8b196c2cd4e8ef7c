"""bench/floor: every way of receiving an answer sees exactly the rows the answer store holds, and a bad
shape argument is refused with what was expected."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pytest

from wardkg.sources import PROJECT_ROOT

sys.path.insert(0, str(PROJECT_ROOT / "bench"))

from wardbench.floor import MODES, answer_query, answer_store, main, parse_shape, receive


@pytest.mark.parametrize("mode", MODES)
def test_every_mode_receives_every_row(mode: str) -> None:
    store = answer_store(1234, 4)
    assert len(store) == 1234 * 4
    assert receive(store, answer_query(4), 4, mode) == 1234


def test_rdflib_mode_gives_the_cells_of_the_store() -> None:
    from wardkg.store import solution_rows

    store = answer_store(3, 2)
    rows = sorted(solution_rows(store.query(answer_query(2)), 3), key=lambda r: str(r[0]))  # type: ignore[arg-type]
    assert [str(c) for c in rows[1][1:]] == ["値1-0", "値1-1"]


def test_unknown_mode_is_refused() -> None:
    with pytest.raises(ValueError, match="expected one of iterate"):
        receive(answer_store(1, 1), answer_query(1), 1, "fast")


@pytest.mark.parametrize("text", ["1000", "10x", "axb", "0x3", "5x-1"])
def test_bad_shape_says_what_was_expected(text: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError, match=r"ROWSxCOLUMNS|positive"):
        parse_shape(text)


def test_cli_writes_table_and_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "floor.json"
    assert main(["--shape", "1,500x3", "--reps", "1", "--out", str(out)]) == 0
    table = capsys.readouterr().out
    assert "| 1,500 × 3 |" in table
    result = json.loads(out.read_text())[0]
    assert result["rows"] == 1500 and set(result["modes"]) == set(MODES)
    assert result["floor"] == min(m["median"] for m in result["modes"].values())
