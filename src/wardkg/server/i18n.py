"""The web page's words in Japanese (the default: the plans and their readers are Japanese) and English."""

from __future__ import annotations

LANGS = ("ja", "en")

TEXT: dict[str, tuple[str, str]] = {
    "site": ("特別区計画ナレッジグラフ", "Tokyo special wards' plans — knowledge graph"),
    "nav.search": ("計画要素をさがす", "Search plan elements"),
    "nav.sdg": ("SDGs 対応状況", "SDG coverage"),
    "nav.budget": ("SDGs 別予算", "Budget by SDG"),
    "nav.queries": ("定型クエリ", "Stored queries"),
    "nav.sparql": ("SPARQL エディタ", "SPARQL editor"),
    "switch": ("English", "日本語"),
    "search.title": ("計画要素の検索", "Search plan elements"),
    "search.q": ("キーワード", "Keyword"),
    "search.ward": ("区", "Ward"),
    "search.plan": ("計画", "Plan"),
    "search.domain": ("政策分野", "Policy domain"),
    "search.sdg": ("SDGs ゴール・ターゲット", "SDG goal or target"),
    "search.unit": ("所管（部署名の一部）", "Responsible unit (part of its name)"),
    "search.fy": ("年度", "Fiscal year"),
    "search.any": ("すべて", "any"),
    "search.go": ("検索", "Search"),
    "search.hint": (
        "キーワードを入力するか、条件を一つ以上選んでください。",
        "Type a keyword or choose at least one filter.",
    ),
    "search.count": ("{n} 件", "{n} elements"),
    "search.more": (
        "{n} 件を超えました。条件を絞り込んでください（先頭 {n} 件を表示）。",
        "More than {n} elements; narrow the search (the first {n} are shown).",
    ),
    "col.ward": ("区", "Ward"),
    "col.plan": ("計画", "Plan"),
    "col.notation": ("番号", "No."),
    "col.title": ("名称", "Title"),
    "col.kind": ("種類", "Kind"),
    "el.parents": ("上位の要素", "Parents"),
    "el.children": ("下位の要素", "Children"),
    "el.description": ("説明", "Description"),
    "el.units": ("所管", "Responsible units"),
    "el.budget": ("予算", "Budget"),
    "el.kpi": ("指標（KPI）", "Indicators (KPI)"),
    "el.sdg": ("SDGs との対応", "SDG links"),
    "el.provenance": ("出典", "Provenance"),
    "el.versions": ("他の版の計画での対応", "Versions in earlier / later plans"),
    "el.all": ("すべての記述", "All statements"),
    "el.rdf": ("RDF で取得", "Get as RDF"),
    "el.domains": ("政策分野", "Policy domains"),
    "el.none": ("なし", "none"),
    "el.notfound": ("この IRI の記述はありません。", "Nothing is said about this IRI."),
    "bud.fy": ("年度", "Fiscal year"),
    "bud.amount": ("金額（円）", "Amount (yen)"),
    "bud.written": ("原文の表記", "As written"),
    "bud.status": ("状態", "Status"),
    "kpi.target": ("目標", "Target"),
    "kpi.baseline": ("現状値", "Baseline"),
    "kpi.year": ("目標年度", "Target year"),
    "sdg.code": ("ゴール・ターゲット", "Goal / target"),
    "sdg.method": ("判定方法", "Method"),
    "sdg.confidence": ("確信度", "Confidence"),
    "sdg.evidence": ("根拠", "Evidence"),
    "sdg.verdict": ("確認", "Review"),
    "prov.source": ("資料", "Source document"),
    "prov.lines": ("行", "Lines"),
    "prov.page": ("ページ", "Page"),
    "ver.direction": ("方向", "Direction"),
    "ver.older": ("前の計画", "earlier plan"),
    "ver.newer": ("後の計画", "later plan"),
    "ver.change": ("変化", "Change"),
    "heat.title": ("SDGs 対応状況（区 × 17 ゴール）", "SDG coverage (wards × 17 goals)"),
    "heat.note": (
        "各セルはそのゴール（ターゲット経由を含む）に結び付いた計画要素の数です。却下された対応は数えません。"
        "セルを選ぶと取組の一覧を開きます。",
        "Each cell counts the plan elements linked to the goal (directly or through a target); rejected links "
        "do not count. Choose a cell to open its initiatives.",
    ),
    "heat.total": ("要素数", "Elements"),
    "budget.title": ("SDGs ゴール別の予算", "Budget by SDG goal"),
    "budget.note": (
        "予算額は、各ゴールに結び付いた計画要素の予算行の合計です。一つの要素が複数のゴールに結び付くとそれぞれに"
        "全額が計上されるため、ゴールをまたいで合計しないでください。",
        "The amount is the sum of the budget lines of the plan elements linked to each goal. An element linked to "
        "several goals counts in full under each, so do not add amounts across goals.",
    ),
    "budget.items": ("要素数", "Elements"),
    "budget.total": ("合計（円）", "Total (yen)"),
    "budget.none": ("予算の記載がある要素がありません。", "No element with a budget line."),
    "q.title": ("定型クエリ", "Stored queries"),
    "q.params": ("パラメータ", "Parameters"),
    "q.run": ("実行", "Run"),
    "q.rows": ("{n} 行", "{n} rows"),
    "q.download": ("ダウンロード", "Download"),
    "q.required": ("必須", "required"),
    "q.optional": ("省略可", "optional"),
    "q.default": ("既定値 {v}", "default {v}"),
    "q.text": ("SPARQL を表示", "Show the SPARQL"),
    "ed.title": ("SPARQL エディタ", "SPARQL editor"),
    "ed.note": (
        "読み取り専用です。更新・LOAD・SERVICE は拒否されます。時間 {t} 秒、{n} 行までに制限されています。",
        "Read-only: updates, LOAD and SERVICE are refused. Limits: {t} s and {n} rows.",
    ),
    "ed.run": ("実行", "Run"),
    "error": ("エラー", "Error"),
    "notfound": ("見つかりません", "Not found"),
}


def t(key: str, lang: str, **kw: object) -> str:
    """The text for *key* in *lang* (falls back to Japanese), with ``{name}`` fields filled from *kw*."""
    ja, en = TEXT[key]
    s = en if lang == "en" else ja
    return s.format(**kw) if kw else s
