"""The explorer in a real headless Chromium: search, heat map, stored query with CSV download, editor,
element page and the English switch. Screenshots go to tests/artifacts/ (git-ignored, kept by CI).

Chromium is the Debian package (/usr/bin/chromium), driven by Playwright from PyPI with
``executable_path`` — Playwright's own browser download is never used. A missing browser skips the
tests outside CI and fails them in CI (tests/conftest.py's require_binary). The server is the real app
on a free 127.0.0.1 port over a snapshot of the project's store, stopped after the tests.
"""

from __future__ import annotations

import csv
import io
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import require_binary
from wardkg.commands.serve import snapshot_store
from wardkg.query import QUERIES_DIR, get_query
from wardkg.server.app import ServerConfig, make_server

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    store = snapshot_store(ROOT, tmp_path_factory.mktemp("browser-store"))
    server = make_server(ServerConfig(store_path=store, queries_dir=QUERIES_DIR, port=0, timeout=20.0))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join(5)


@pytest.fixture(scope="session")
def browser_context(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    chromium = require_binary("chromium", "browser tests of `wardkg serve`")
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright (test extras)")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    profile = tmp_path_factory.mktemp("chromium-profile")  # a fresh --user-data-dir
    with sync_api.sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(profile),
            executable_path=chromium,
            headless=True,
            args=CHROMIUM_FLAGS,
            accept_downloads=True,
            viewport={"width": 1360, "height": 900},
            locale="ja-JP",
        )
        context.set_default_timeout(30_000)
        try:
            yield context
        finally:
            context.close()


@pytest.fixture
def page(browser_context: Any) -> Iterator[Any]:
    p = browser_context.new_page()
    try:
        yield p
    finally:
        p.close()
        browser_context.clear_cookies()


def shot(page: Any, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def result_rows(page: Any) -> list[list[str]]:
    return [
        [c.strip() for c in row]
        for row in page.locator("table.results tbody tr").evaluate_all(
            "rows => rows.map(r => Array.from(r.cells).map(c => c.innerText))"
        )
    ]


def test_search_finds_nerima_and_itabashi_items(page: Any, served: str) -> None:
    page.goto(served + "/")
    page.fill("#f-q", "医療的ケア児")
    page.click("#search-go")
    page.wait_for_selector("#result-count")
    rows = result_rows(page)
    wards = {r[0] for r in rows}
    assert {"練馬区", "板橋区"} <= wards
    assert all("ケア" in r[3] or r[3] for r in rows)
    hrefs = page.locator("table.results tbody tr td:nth-child(4) a").evaluate_all(
        "as => as.map(a => a.getAttribute('href'))"
    )
    assert any(h.startswith("/id/13120/") for h in hrefs) and any(h.startswith("/id/13119/") for h in hrefs)
    assert page.locator("#result-count").inner_text().startswith(str(len(rows)))
    shot(page, "search-iryoteki-care-ji")


def test_heatmap_cell_opens_its_initiatives(page: Any, served: str) -> None:
    page.goto(served + "/sdg")
    page.wait_for_selector("#heatmap")
    shot(page, "sdg-heatmap")
    headers = page.locator("#heatmap thead th.goal")
    assert headers.count() == 17
    assert (
        headers.nth(0).evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(229, 36, 59)"
    )  # goal 1 red
    cells = page.locator("#heatmap td.cell").evaluate_all(
        "cs => cs.map(c => [c.dataset.ward, c.dataset.goal, Number(c.innerText)])"
    )
    candidates = [c for c in cells if 0 < c[2] <= 200]
    assert candidates, "no heat-map cell with initiatives"
    ward, goal, n = max(candidates, key=lambda c: c[2])
    page.click(f'#heatmap td.cell[data-ward="{ward}"][data-goal="{goal}"] a')
    page.wait_for_selector("#result-count")
    assert re.search(rf"[?&]ward={ward}\b", page.url) and re.search(rf"[?&]sdg={goal}\b", page.url)
    rows = result_rows(page)
    assert len(rows) == n
    assert page.locator("#f-sdg").input_value() == goal
    shot(page, "sdg-heatmap-cell")


def test_stored_query_runs_and_csv_downloads(page: Any, served: str, tmp_path: Any) -> None:
    page.goto(served + "/queries")
    page.click('a[href="/queries/elements-per-domain"]')
    page.fill("#p-ward", "13120")
    page.click("#run-query")
    page.wait_for_selector("table.results")
    headers = page.locator("table.results thead th").all_inner_texts()
    rows = result_rows(page)
    assert rows and headers == [c.name for c in get_query("elements-per-domain").columns]
    assert {r[headers.index("wardName")] for r in rows} == {"練馬区"}
    shot(page, "stored-query-elements-per-domain")
    with page.expect_download() as info:
        page.click("#download-csv")
    target = tmp_path / "download.csv"
    info.value.save_as(target)
    table = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert table[0] == headers
    assert len(table) - 1 == len(rows)
    texts = [headers.index(c) for c in ("wardName", "domainName", "elements")]  # the table shortens IRIs
    assert sorted([r[i] for i in texts] for r in table[1:]) == sorted([r[i] for i in texts] for r in rows)
    assert info.value.suggested_filename == "elements-per-domain.csv"


def test_english_switch_and_element_page(page: Any, served: str) -> None:
    page.goto(served + "/search?q=" + "医療的ケア児" + "&ward=13119")
    page.wait_for_selector("#result-count")
    page.click("#lang-switch")
    page.wait_for_selector("html[lang=en]")
    assert "Search plan elements" in page.locator("header nav").inner_text()
    assert "Itabashi City" in {r[0] for r in result_rows(page)}
    page.locator("table.results tbody tr td:nth-child(4) a").first.click()
    page.wait_for_selector("#provenance")
    for sid in (
        "description",
        "parents",
        "children",
        "units",
        "budget",
        "kpi",
        "sdg",
        "provenance",
        "versions",
    ):
        assert page.locator(f"section#{sid}").count() == 1, sid
    assert page.locator("#parents li").count() >= 1
    shot(page, "element-page-en")
    page.goto(served + "/sdg")
    assert "Nerima City" in page.locator("#heatmap").inner_text()  # the language sticks (cookie)
    shot(page, "sdg-heatmap-en")


def test_budget_chart(page: Any, served: str) -> None:
    page.goto(served + "/budget")
    page.wait_for_selector("#budget-chart")
    bars = page.locator("#budget-chart rect").evaluate_all(
        "rs => rs.map(r => Number(r.getAttribute('width')))"
    )
    assert len(bars) == 17 and max(bars) > 0
    shot(page, "budget-by-sdg")


def test_sparql_editor_runs_and_refuses_updates(page: Any, served: str) -> None:
    page.goto(served + "/editor")
    page.click("#sparql-run")
    page.wait_for_selector("#result-count")
    assert page.locator("#sparql-output table.results tbody tr").count() >= 1
    shot(page, "sparql-editor")
    page.fill("#sparql-text", "DELETE WHERE { ?s ?p ?o }")
    page.click("#sparql-run")
    page.wait_for_selector("#sparql-output #error")
    assert page.locator("#sparql-status").inner_text().startswith("403")
    assert "read-only" in page.locator("#sparql-output #error").inner_text()
