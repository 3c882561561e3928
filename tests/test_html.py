"""`--format html`: one self-contained page, parsed with html.parser.

No script, stylesheet, image or font is fetched: the only URLs are the sources' links. The
page holds the same figures as the JSON.
"""

from __future__ import annotations

import json
from decimal import Decimal
from html.parser import HTMLParser

import pytest

pytestmark = pytest.mark.usefixtures("shipped_snapshot")


class Page(HTMLParser):
    """Collects every URL-bearing attribute, the table cells, the texts and the tags."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.cells: list[str] = []
        self.texts: list[str] = []
        self.tags: list[str] = []
        self._in: list[str] = []
        self._links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self._in.append(tag)
        for name, value in attrs:
            if name in ("src", "href", "srcset", "data", "action", "poster", "xlink:href"):
                self.urls.append((tag, name, value or ""))
            if name == "style" or (value and "url(" in value):
                self.urls.append((tag, name, value or ""))

    def handle_endtag(self, tag: str) -> None:
        if tag in self._in:
            while self._in.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.texts.append(data.strip())
            if self._in and self._in[-1] in ("td", "th"):
                self.cells.append(data.strip())


def parse(text: str) -> Page:
    page = Page()
    page.feed(text)
    page.close()
    return page


def run(invoke, *args: str) -> str:  # type: ignore[no-untyped-def]
    result = invoke(list(args))
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result.stdout


def number(cell: str) -> Decimal:
    return Decimal(cell.replace(",", ""))


def assert_self_contained(page: Page) -> None:
    assert "script" not in page.tags and "link" not in page.tags and "img" not in page.tags
    for tag, attr, value in page.urls:
        # only the sources' links carry a URL; nothing is loaded
        assert (tag, attr) == ("a", "href"), (tag, attr, value)
        assert value.startswith("https://"), value


COMMANDS = {
    "simulate": ["simulate", "--months", "6", "--start", "2025-04"],
    "compare": [
        "compare",
        "--label a",
        "--regime qt2-2022-09 --label b",
        "--months",
        "4",
        "--start",
        "2025-04",
    ],
    "backtest": ["backtest", "qt1"],
    "history": ["history", "--bank", "fed", "--since", "2022"],
}


@pytest.mark.parametrize("name", list(COMMANDS))
def test_page_is_self_contained(invoke, name):
    text = run(invoke, *COMMANDS[name], "--format", "html")
    assert text.startswith("<!DOCTYPE html>")
    page = parse(text)
    assert_self_contained(page)
    links = [v for tag, _, v in page.urls if tag == "a"]
    assert links, "the sources are links"
    if name != "history":
        assert "svg" in page.tags and "polyline" in page.tags  # the chart, inline
        assert any(t.startswith("source: qt ") for t in page.texts)


def test_simulate_page_holds_the_json_figures(invoke):
    args = COMMANDS["simulate"]
    data = json.loads(run(invoke, *args, "--format", "json"))
    page = parse(run(invoke, *args, "--format", "html"))
    rows = {}
    cells = page.cells
    for i, cell in enumerate(cells):
        if cell.startswith("2025-") and len(cell) == 7:
            rows[cell] = [number(c) for c in cells[i + 1 : i + 9]]
    assert list(rows) == [m["month"] for m in data["months"]]
    for month in data["months"]:
        want = [Decimal(month[k]) for k in ("treasuries", "mbs", "total", "treasury_runoff",
                                            "mbs_runoff", "reinvested", "purchases")]  # fmt: skip
        assert rows[month["month"]][:7] == want
    assert "https://www.federalreserve.gov/releases/h41/" in [v for _, _, v in page.urls]


def test_compare_page_holds_the_json_figures(invoke):
    args = COMMANDS["compare"]
    data = json.loads(run(invoke, *args, "--format", "json"))
    page = parse(run(invoke, *args, "--format", "html"))
    cells = page.cells
    for scenario in data["scenarios"]:
        at = cells.index(scenario["label"])
        end = scenario["summary"]["end"]
        assert [number(c) for c in cells[at + 1 : at + 4]] == [
            Decimal(end[k]) for k in ("treasuries", "mbs", "total")
        ]
    a, b = data["scenarios"]
    for ma, mb in zip(a["months"], b["months"], strict=True):
        at = cells.index(ma["month"])
        assert [number(c) for c in cells[at + 1 : at + 3]] == [
            Decimal(ma["total"]),
            Decimal(mb["total"]),
        ]


def test_backtest_page_holds_the_json_figures(invoke):
    data = json.loads(run(invoke, "backtest", "qt1", "--format", "json"))
    page = parse(run(invoke, "backtest", "qt1", "--format", "html"))
    cells = page.cells
    for month in data["months"]:
        at = cells.index(month["month"])
        got = [number(c) for c in cells[at + 1 : at + 8]]
        p, a, e = month["predicted"], month["actual"], month["error"]
        assert got == [Decimal(x) for x in (p["treasuries"], a["treasuries"], e["treasuries"],
                                            p["mbs"], a["mbs"], e["mbs"], e["total"])]  # fmt: skip


def test_history_page_holds_every_event_and_its_sources(invoke):
    args = COMMANDS["history"]
    data = json.loads(run(invoke, *args, "--format", "json"))
    page = parse(run(invoke, *args, "--format", "html"))
    links = {v for tag, _, v in page.urls if tag == "a"}
    events = data["events"] if isinstance(data, dict) else data
    assert events
    for event in events:
        assert event["date"] in page.cells
        assert set(event["sources"]) <= links


def test_text_is_escaped(invoke, tmp_path):
    text = run(
        invoke, "compare", "--label <b>x</b>&", "--label y", "--months", "1", "--format", "html"
    )
    assert "<b>x</b>" not in text and "&lt;b&gt;x&lt;/b&gt;&amp;" in text


def test_zh_tw_page(invoke):
    text = run(invoke, *COMMANDS["simulate"], "--format", "html", "--lang", "zh-TW")
    page = parse(text)
    assert '<html lang="zh-Hant-TW">' in text
    assert "兆美元" in text and "假設" in page.texts and "資料來源" in page.texts


def test_inline_chart_lines_stay_inside_the_plot_frame(invoke):
    import xml.etree.ElementTree as ET

    text = run(invoke, *COMMANDS["compare"], "--format", "html")
    svg = ET.fromstring(text[text.index("<svg") : text.index("</svg>") + 6])
    ns = "{http://www.w3.org/2000/svg}"
    frame = next(r for r in svg.iter(f"{ns}rect") if r.get("fill") == "none")
    left, top = float(frame.get("x", 0)), float(frame.get("y", 0))
    right, bottom = left + float(frame.get("width", 0)), top + float(frame.get("height", 0))
    lines = list(svg.iter(f"{ns}polyline"))
    assert len(lines) == 2  # one path per scenario
    for line in lines:
        points = [tuple(map(float, p.split(","))) for p in line.get("points", "").split()]
        assert len(points) == 5  # the start and 4 month ends
        assert all(left <= x <= right and top <= y <= bottom for x, y in points)
        assert points[0][0] == left and points[-1][0] == right
    texts = ["".join(t.itertext()) for t in svg.iter(f"{ns}text")]
    assert "a" in texts and "b" in texts and "USD billions" in texts


def test_html_only_where_a_page_exists(invoke):
    result = invoke(
        ["backtest", "--calibrate", "--from", "2023-01", "--to", "2023-12", "-f", "html"]
    )
    assert result.exit_code == 2 and "--format html is not available" in result.stderr
    result = invoke(["regimes", "--format", "html"])
    assert result.exit_code == 2 and result.stdout == ""
