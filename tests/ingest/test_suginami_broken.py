"""Altered copies of the Suginami source: each parses correctly or fails naming the line; nothing is written."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from wardkg.build import build_source_graph
from wardkg.errors import SourceFormatError
from wardkg.ingest.suginami_parse import parse
from wardkg.rdfio import write_turtle
from wardkg.sources import decode_source, get_source

TEXT = get_source("sogo-keikaku-2022").read_text()
LINES = TEXT.split("\n")


def edited(changes: dict[int, str | None], insert_after: dict[int, list[str]] | None = None) -> str:
    """The source with 1-based lines replaced (None: blanked, keeping numbering) and lines inserted."""
    out: list[str] = []
    for no, line in enumerate(LINES, start=1):
        out.append(changes.get(no, line) or "" if no in changes else line)
        out.extend((insert_after or {}).get(no, []))
    return "\n".join(out)


def error_of(text: str) -> SourceFormatError:
    with pytest.raises(SourceFormatError) as info:
        parse(text, "broken.txt")
    assert "broken.txt" in str(info.value)
    return info.value


def test_line_numbers_in_the_notes_hold() -> None:
    assert LINES[290] == "4 地域の魅力あふれる多心型まちづくり"
    assert LINES[451] == "子ども" and LINES[46] == "子ども"
    assert LINES[683].startswith("方針2 ")


def test_measure_out_of_sequence() -> None:
    err = error_of(edited({291: "5 地域の魅力あふれる多心型まちづくり"}))
    assert err.line == 291 and "measure 4" in err.expected


def test_measure_skipped() -> None:
    err = error_of(edited({298: "6 人々の暮らしを支える都市基盤の整備"}))
    assert err.line == 298 and "measure 5" in err.expected


def test_missing_field_heading_in_the_field_system() -> None:
    err = error_of(edited({452: None}))
    assert err.line == 454 and "子ども" in err.expected


def test_missing_field_heading_in_the_vision_list() -> None:
    err = error_of(edited({47: None}))
    assert err.line == 51 and "子ども" in err.expected


def test_missing_heading_and_image_of_a_field() -> None:
    err = error_of(edited({452: None, 454: None, 455: None}))
    assert err.line is not None and "子ども" in err.expected


def test_unknown_policy_beyond_the_stated_count() -> None:
    err = error_of(edited({}, {740: ["", "方針3 存在しない方針", "", "1 新たな取組", "", "- 架空の事業"]}))
    assert err.line == 742 and "方針3" in err.expected


def test_policy_out_of_sequence() -> None:
    err = error_of(edited({684: "方針3 区と地域団体等による地域課題・行政課題の解決に向けた取組"}))
    assert err.line == 684 and "方針2" in err.expected


def test_group_numbering_must_restart_per_policy() -> None:
    err = error_of(edited({606: "5 安定した財政基盤の構築と持続可能な財政運営"}))
    assert err.line == 606 and "group 1" in err.expected


def test_nested_item_without_subgroup() -> None:
    err = error_of(edited({}, {738: [" - 宙に浮いた項目"]}))
    assert err.line == 739


@pytest.mark.parametrize("cut", [4, 60, 200, 300, 500, 700, 836, 846])
def test_truncated(cut: int) -> None:
    err = error_of("\n".join(LINES[:cut]))
    assert err.line is not None and err.line <= cut + 1


def test_truncated_last_line() -> None:
    err = error_of(TEXT[:-2])
    assert err.line == 847


@pytest.mark.parametrize("text", ["", "   \n\n", "\n" * 5])
def test_empty(text: str) -> None:
    assert error_of(text).line == 1


def test_binary() -> None:
    with pytest.raises(SourceFormatError):
        decode_source("broken.bin", b"\x00\x01\x02PK\x03\x04")
    err = error_of("杉並区総合計画\n\x00\x00\x00")
    assert err.line == 2


def test_whitespace_variants_still_parse() -> None:
    doc = parse(TEXT.replace("\n", "\r\n"), "crlf.txt")
    assert len(doc.fields) == 8 and sum(len(f.measures) for f in doc.fields) == 29


def test_nothing_partial_is_written(tmp_path: Path) -> None:
    src = tmp_path / "broken.txt"
    src.write_text(edited({291: "5 地域の魅力あふれる多心型まちづくり"}), encoding="utf-8")
    doc = replace(get_source("sogo-keikaku-2022"), path=src, sha256=None)
    out = tmp_path / "13115" / "sogo-keikaku-2022.ttl"
    out.parent.mkdir()
    out.write_bytes(b"previous")
    with pytest.raises(SourceFormatError) as info:
        write_turtle(build_source_graph(doc), out)
    assert info.value.line == 291 and str(src) in str(info.value)
    assert out.read_bytes() == b"previous"
    assert sorted(p.name for p in out.parent.iterdir()) == ["sogo-keikaku-2022.ttl"]


def test_cli_ingest_refuses_a_broken_copy_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from wardkg.cli import main
    from wardkg.errors import EXIT_INPUT

    src = tmp_path / "broken.txt"
    src.write_text(edited({452: None}), encoding="utf-8")
    out = tmp_path / "out.ttl"
    code = main(
        ["ingest", str(src), "--family", "suginami-comprehensive-plan", "--ward", "13115", "--out", str(out)]
    )
    assert code == EXIT_INPUT
    assert f"{src}:454" in capsys.readouterr().err
    assert not out.exists() and list(tmp_path.iterdir()) == [src]
