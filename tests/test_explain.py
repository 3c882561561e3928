"""`qt explain`: both languages, the figures each topic quotes, and every output format.

Expected figures are computed here, independently of qtcli.figures: policies.yaml and
events.yaml through yaml.safe_load, the H.4.1 snapshot through the csv module, plus
constants checked by hand against the sources listed in SOURCES.md.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from qtcli import actuals
from qtcli import explain as texts
from qtcli.cli import app
from qtcli.errors import DataError

PKG = Path(__file__).resolve().parent.parent / "qtcli"
TOPICS = [
    "qe",
    "qt",
    "compare",
    "runoff",
    "assets",
    "history",
    "reserves",
    "risks",
    "markets",
    "taiwan",
    "myths",
]
LANGS = ["en", "zh-TW"]
SIMPLIFIED = set("联资亿国债货币银这们发经对为会时说动")
BOX = re.compile("[\u2500-\u257f]")
runner = CliRunner()


@pytest.fixture(autouse=True)
def shipped(tmp_path, monkeypatch):
    """The shipped policies, events and H.4.1 snapshot; English unless a test says otherwise."""
    monkeypatch.setenv("QT_DATA_DIR", str(tmp_path / "empty-cache"))
    for var in ("QT_POLICIES", "QT_EVENTS", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    actuals.weekly.cache_clear()
    actuals._first_of_month.cache_clear()
    yield
    actuals.weekly.cache_clear()
    actuals._first_of_month.cache_clear()


def qt(*args: str, env: dict[str, str] | None = None):
    return runner.invoke(app, list(args), env={"COLUMNS": "100", **(env or {})})


def ok(*args: str, env: dict[str, str] | None = None) -> str:
    result = qt(*args, env=env)
    assert result.exit_code == 0, (result.exit_code, result.stdout, result.stderr)
    assert result.stderr == ""
    return result.stdout


def as_json(topic: str, lang: str) -> dict:
    return json.loads(ok("explain", topic, "--lang", lang, "--format", "json"))


# ------------------------------------------------------------------------- independent sources


@cache
def raw_texts(lang: str) -> dict:
    return yaml.safe_load((PKG / "explain" / f"{lang}.yaml").read_text(encoding="utf-8"))


@cache
def series(name: str) -> list[tuple[dt.date, Decimal]]:
    """A shipped FRED CSV; weekly series in USD millions become billions, ON RRP stays."""
    scale = Decimal(1) if name == "RRPONTSYD" else Decimal(1000)
    with open(PKG / "data" / f"{name}.csv", newline="") as handle:
        rows = list(csv.reader(handle))[1:]
    return [(dt.date.fromisoformat(d), Decimal(v) / scale) for d, v in rows if v not in (".", "")]


def on(name: str, day: dt.date) -> Decimal:
    return dict(series(name))[day]


def first_wed(name: str, year: int, month: int) -> Decimal:
    return next(v for d, v in series(name) if (d.year, d.month) == (year, month))


def extreme(name: str, first: dt.date, last: dt.date, pick=max) -> tuple[dt.date, Decimal]:
    rows = [(d, v) for d, v in series(name) if first <= d <= last]
    best = pick(v for _, v in rows)
    return next((d, v) for d, v in rows if v == best)


def next_month(text: str) -> str:
    year, month = map(int, text.split("-"))
    return f"{year + month // 12}-{month % 12 + 1:02d}"


def dec(x) -> Decimal:
    return Decimal(str(x))


@cache
def expected() -> dict[str, Decimal | str]:
    """Every figure: Decimal USD billions, 'YYYY-MM' months or ISO days, as JSON carries them."""
    regimes = yaml.safe_load((PKG / "policies.yaml").read_text(encoding="utf-8"))["regimes"]
    by_id = {r["id"]: r for r in regimes}
    qt1 = sorted(
        (r for r in regimes if r["kind"] == "qt" and r["id"].startswith("qt1-")),
        key=lambda r: r["start"],
    )
    qt2 = sorted(
        (r for r in regimes if r["kind"] == "qt" and r["id"].startswith("qt2-")),
        key=lambda r: r["start"],
    )
    t = lambda r: dec(r["treasuries"]["cap"])  # noqa: E731
    m = lambda r: dec(r["mbs"]["cap"])  # noqa: E731
    q24 = next(r for r in qt2 if str(r["start"]) == "2024-06")
    q25 = next(r for r in qt2 if str(r["start"]) == "2025-04")
    q19 = next(r for r in qt1 if str(r["start"]).startswith("2019"))
    max1 = max(qt1, key=lambda r: t(r) + m(r))
    max2 = max(qt2, key=lambda r: t(r) + m(r))
    rmp = min(
        (r for r in regimes if r["kind"] == "rmp" and str(r["start"]) >= "2025-12"),
        key=lambda r: str(r["start"]),
    )
    events = yaml.safe_load((PKG / "events.yaml").read_text(encoding="utf-8"))["events"]
    rmp_event = next(e for e in events if e["id"] == "fed-rmp-2025")

    walcl = series("WALCL")
    peak = max(walcl, key=lambda x: x[1])
    trough = extreme("WALCL", peak[0], dt.date(2025, 12, 31), min)
    r19 = extreme("WRESBAL", dt.date(2019, 1, 1), dt.date(2019, 12, 31), min)
    r25 = extreme("WRESBAL", dt.date(2025, 1, 1), dt.date(2025, 12, 31), min)
    rrp = series("RRPONTSYD")
    rrp_peak = max(rrp, key=lambda x: x[1])
    p15 = extreme("WALCL", dt.date(2014, 1, 1), dt.date(2016, 12, 31))
    r_qt2 = extreme("WRESBAL", dt.date(2022, 6, 1), dt.date(2025, 11, 30), min)
    autumn = [(d, v) for d, v in rrp if dt.date(2025, 9, 1) <= d <= dt.date(2025, 10, 31)]
    rrp_autumn = min(autumn, key=lambda x: x[1])

    def week(day: dt.date) -> dt.date:  # the last H.4.1 Wednesday on or before the day
        return max(d for d, _ in walcl if d <= day)

    def rrp_on(day: dt.date) -> Decimal:  # the Wednesday's ON RRP, or the last day before
        return max((d, v) for d, v in rrp if d <= day)[1]

    def pct_gdp(day: dt.date) -> Decimal:  # reserves / the GDP of the quarter, half-up to 0.01
        with open(PKG / "data" / "GDP.csv", newline="") as handle:
            gdp = [(dt.date.fromisoformat(d), Decimal(v)) for d, v in list(csv.reader(handle))[1:]]
        level = max(g for g in gdp if g[0] <= day)[1]
        return (on("WRESBAL", day) / level * 100).quantize(Decimal("0.01"), rounding="ROUND_HALF_UP")

    qt2_first, qt2_last = week(dt.date(2022, 6, 1)), week(dt.date(2025, 11, 30))

    def runoff(name: str, year: int, month: int) -> Decimal:
        later = (year + month // 12, month % 12 + 1)
        return first_wed(name, year, month) - first_wed(name, *later)

    qt2_months = [(2022 + (5 + i) // 12, (5 + i) % 12 + 1) for i in range(42)]  # 2022-06..2025-11
    by_month = {
        f"{y}-{m:02d}": runoff("TREAST", y, m) + runoff("WSHOMCB", y, m) for y, m in qt2_months
    }
    peak_runoff = max(by_month.items(), key=lambda x: x[1])

    return {
        "qt1_first_treasury_cap": t(qt1[0]), "qt1_first_mbs_cap": m(qt1[0]),
        "qt1_max_treasury_cap": max(map(t, qt1)), "qt1_max_mbs_cap": max(map(m, qt1)),
        "qt1_max_total_cap": max(t(r) + m(r) for r in qt1), "qt1_2019_treasury_cap": t(q19),
        "qt1_first_total_cap": t(qt1[0]) + m(qt1[0]), "qt1_2019_total_cap": t(q19) + m(q19),
        "qt2_announced": str(qt2[0]["announced"]),
        "qt2_first_treasury_cap": t(qt2[0]), "qt2_first_mbs_cap": m(qt2[0]),
        "qt2_first_total_cap": t(qt2[0]) + m(qt2[0]),
        "qt2_max_treasury_cap": max(map(t, qt2)), "qt2_max_mbs_cap": max(map(m, qt2)),
        "qt2_max_total_cap": max(t(r) + m(r) for r in qt2),
        "qt2_2024_treasury_cap": t(q24), "qt2_2024_total_cap": t(q24) + m(q24),
        "qt2_2025_treasury_cap": t(q25), "qt2_2025_mbs_cap": m(q25), "qt2_2025_total_cap": t(q25) + m(q25),
        "rmp_first_pace": dec(rmp["treasuries"]["purchases"]),
        "rmp_2019_pace": dec(by_id["bills-2019"]["treasuries"]["purchases"]),
        "qe2_pace": dec(by_id["qe2"]["treasuries"]["purchases"]),
        "qe3_mbs_pace": dec(by_id["mep-qe3-mbs"]["mbs"]["purchases"]),
        "qe3_pace": dec(by_id["qe3"]["treasuries"]["purchases"]) + dec(by_id["qe3"]["mbs"]["purchases"]),
        "covid_qe_pace": dec(by_id["covid-qe-pace"]["treasuries"]["purchases"])
        + dec(by_id["covid-qe-pace"]["mbs"]["purchases"]),
        "qt1_start": str(qt1[0]["start"]), "qt1_end": next_month(str(qt1[-1]["end"])),
        "qt1_max_start": str(max1["start"]), "qt1_max_end": str(max1["end"]),
        "qt1_2019_effective": str(q19["start"]),
        "qt2_start": str(qt2[0]["start"]), "qt2_end": next_month(str(qt2[-1]["end"])),
        "qt2_max_start": str(max2["start"]), "qt2_max_end": str(max2["end"]),
        "qt2_2024_effective": str(q24["start"]), "qt2_2025_effective": str(q25["start"]),
        "qt2_2025_announced": str(q25["announced"]),
        "rmp_start": str(rmp_event["effective"]),
        "pre_crisis_assets": on("WALCL", dt.date(2008, 9, 3)), "pre_crisis_date": "2008-09-03",
        "peak_2015_assets": p15[1], "peak_2015_date": p15[0].isoformat(),
        "feb_2020_assets": [v for d, v in walcl if (d.year, d.month) == (2020, 2)][-1],
        "mid_march_2020_assets": on("WALCL", dt.date(2020, 3, 18)),
        "june_2020_assets": on("WALCL", dt.date(2020, 6, 10)),
        "dec_2020_assets": on("WALCL", dt.date(2020, 12, 23)),
        "mid_march_2022_assets": on("WALCL", dt.date(2022, 3, 16)),
        "peak_assets": peak[1], "peak_date": peak[0].isoformat(),
        "svb_before_assets": on("WALCL", dt.date(2023, 3, 8)),
        "svb_after_assets": on("WALCL", dt.date(2023, 3, 22)),
        "qt2_trough_assets": trough[1], "qt2_trough_date": trough[0].isoformat(),
        "latest_assets": walcl[-1][1], "latest_date": walcl[-1][0].isoformat(),
        "qt1_decline": first_wed("WALCL", 2017, 10) - [v for d, v in walcl if (d.year, d.month) == (2019, 8)][-1],
        "qt2_decline": peak[1] - trough[1],
        "tsy_qt2_high": extreme("TREAST", peak[0], trough[0])[1],
        "tsy_qt2_low": extreme("TREAST", peak[0], trough[0], min)[1],
        "mbs_qt2_high": extreme("WSHOMCB", peak[0], trough[0])[1],
        "mbs_qt2_low": extreme("WSHOMCB", peak[0], trough[0], min)[1],
        "mbs_runoff_avg_2023_2025": (first_wed("WSHOMCB", 2023, 1) - first_wed("WSHOMCB", 2025, 12)) / 35,
        "tsy_runoff_dec_2018": runoff("TREAST", 2018, 12),
        "tsy_runoff_jan_2025": runoff("TREAST", 2025, 1), "mbs_runoff_jan_2025": runoff("WSHOMCB", 2025, 1),
        "actual_runoff_jan_2025": runoff("TREAST", 2025, 1) + runoff("WSHOMCB", 2025, 1),
        "tsy_runoff_may_2025": runoff("TREAST", 2025, 5), "mbs_runoff_may_2025": runoff("WSHOMCB", 2025, 5),
        "actual_runoff_may_2025": runoff("TREAST", 2025, 5) + runoff("WSHOMCB", 2025, 5),
        "reserves_low_2019": r19[1], "reserves_low_2019_date": r19[0].isoformat(),
        "reserves_low_2025": r25[1], "reserves_low_2025_date": r25[0].isoformat(),
        "on_rrp_peak": rrp_peak[1], "on_rrp_peak_date": rrp_peak[0].isoformat(),
        "on_rrp_end_2024": [v for d, v in rrp if d.year == 2024][-1],
        "on_rrp_latest": rrp[-1][1], "on_rrp_latest_date": rrp[-1][0].isoformat(),
        "reserves_low_qt2": r_qt2[1], "reserves_low_qt2_date": r_qt2[0].isoformat(),
        "on_rrp_sep_2025_end": [v for d, v in rrp if (d.year, d.month) == (2025, 9)][-1],
        "on_rrp_oct_2025_end": [v for d, v in rrp if (d.year, d.month) == (2025, 10)][-1],
        "on_rrp_autumn_2025_low": rrp_autumn[1], "on_rrp_autumn_2025_low_date": rrp_autumn[0].isoformat(),
        "qt2_peak_runoff": peak_runoff[1], "qt2_peak_runoff_month": peak_runoff[0],
        "actual_runoff_jul_2024": runoff("TREAST", 2024, 7) + runoff("WSHOMCB", 2024, 7),
        "qt2_first_week": qt2_first.isoformat(), "qt2_last_week": qt2_last.isoformat(),
        "reserves_qt2_start": on("WRESBAL", qt2_first), "reserves_qt2_end": on("WRESBAL", qt2_last),
        "on_rrp_qt2_start": rrp_on(qt2_first), "on_rrp_qt2_end": rrp_on(qt2_last),
        "assets_qt2_start": on("WALCL", qt2_first), "assets_qt2_end": on("WALCL", qt2_last),
        "reserves_pct_gdp_qt2_start": pct_gdp(qt2_first),
        "reserves_pct_gdp_2019": pct_gdp(r19[0]),
        "reserves_pct_gdp_2025": pct_gdp(week(dt.date.fromisoformat(str(rmp_event["effective"])))),
    }  # fmt: skip


# ------------------------------------------------------------------------- both languages


def test_every_topic_exists_in_both_languages_with_the_same_sections():
    en, zh = raw_texts("en"), raw_texts("zh-TW")
    assert (en["lang"], zh["lang"]) == ("en", "zh-TW")
    assert list(en["topics"]) == TOPICS
    assert list(zh["topics"]) == TOPICS
    for topic in TOPICS:
        ids_en = [s["id"] for s in en["topics"][topic]["sections"]]
        ids_zh = [s["id"] for s in zh["topics"][topic]["sections"]]
        assert ids_en == ids_zh, topic
        for s_en, s_zh in zip(
            en["topics"][topic]["sections"], zh["topics"][topic]["sections"], strict=True
        ):
            assert sorted(k for k in s_en if k != "heading") == sorted(
                k for k in s_zh if k != "heading"
            )
            # The same figures in the same section: a translation cannot drop or add a number.
            figures = lambda s: sorted(re.findall(r"\{(\w+)\}", json.dumps(s, ensure_ascii=False)))  # noqa: E731
            assert figures(s_en) == figures(s_zh), (topic, s_en["id"])
        urls = lambda t: [s["url"] for s in t["sources"]]  # noqa: E731
        assert urls(en["topics"][topic]) == urls(zh["topics"][topic]), topic
    # The loader agrees, and its own comparison finds nothing.
    books = {lang: texts.load(lang) for lang in LANGS}
    assert all(list(b.topics) == TOPICS for b in books.values())
    assert texts.differences(books["en"], books["zh-TW"]) == []


def test_the_shape_comparison_reports_a_missing_section():
    en, zh = texts.load("en"), texts.load("zh-TW")
    qe = zh.topics["qe"]
    trimmed = texts.Book(zh.path, zh.lang, {**zh.topics, "qe": texts.Topic(
        qe.id, qe.title, qe.summary, qe.sections[:-1], qe.sources)})  # fmt: skip
    problems = texts.differences(en, trimmed)
    assert len(problems) == 1 and problems[0].startswith("qe: sections differ")


@pytest.mark.parametrize("lang", LANGS)
def test_list_shows_every_topic_with_title_and_summary(lang):
    listing = json.loads(ok("explain", "--list", "--lang", lang, "--format", "json"))
    assert listing["lang"] == lang
    assert [t["id"] for t in listing["topics"]] == TOPICS
    raw = raw_texts(lang)["topics"]
    for entry in listing["topics"]:
        assert entry["title"] == raw[entry["id"]]["title"]
        if "{" not in raw[entry["id"]]["summary"]:
            assert entry["summary"] == raw[entry["id"]]["summary"]
    plain = ok("explain", "--list", "--plain", "--lang", lang)
    for entry in listing["topics"]:
        assert f"{entry['id']}: {entry['title']}\n    {entry['summary']}\n" in plain
    table = ok("explain", "--list", "--lang", lang)
    assert BOX.search(table)
    for topic in TOPICS:
        assert re.search(rf"^│ {topic} ", table, re.M), topic


def test_the_history_summary_in_the_list_has_its_figures():
    listing = json.loads(ok("explain", "--list", "--format", "json"))
    history = next(t for t in listing["topics"] if t["id"] == "history")
    assert history["summary"].startswith(
        "From $905.3B just before Lehman's failure in 2008 to a peak of $8.965T in 2022"
    )


def test_no_topic_shows_qe_and_qt_side_by_side():
    default = ok("explain")
    assert default == ok("explain", "compare")
    assert "QE vs QT side by side" in default
    assert re.search(r"┃\s+┃ QE\s+┃ QT\s+┃", default)
    assert "Buys Treasuries and agency MBS" in default
    zh = ok("explain", "--lang", "zh-TW")
    assert "QE 與 QT 對照" in zh and "聯準會做什麼" in zh


@pytest.mark.parametrize(
    "topic, suggestion",
    [("qtt", " (did you mean 'qt'?)"), ("reserve", " (did you mean 'reserves'?)"), ("zzz", "")],
)
def test_an_unknown_topic_is_one_line_and_exit_2(topic, suggestion):
    result = qt("explain", topic)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.stderr == (
        f"qt: error: unknown topic '{topic}'{suggestion}; topics: {', '.join(TOPICS)}\n"
    )


def test_topic_ids_are_not_case_sensitive():
    assert ok("explain", "QE", "--plain") == ok("explain", "qe", "--plain")


@pytest.mark.parametrize(
    "env, title",
    [({"LANG": "zh_TW.UTF-8"}, "量化寬鬆（QE）"), ({"LANG": "en_US.UTF-8"}, "Quantitative easing (QE)"),
     ({"LANG": "zh_TW.UTF-8", "LC_ALL": "C"}, "Quantitative easing (QE)")],
)  # fmt: skip
def test_the_language_defaults_from_the_locale(env, title):
    assert ok("explain", "qe", "--plain", env=env).startswith(title + "\n")


# ------------------------------------------------------------------------- figures


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("topic", TOPICS)
def test_the_figures_a_topic_quotes_match_policies_and_data(topic, lang):
    doc = as_json(topic, lang)
    quoted = set(
        re.findall(r"\{(\w+)\}", json.dumps(raw_texts(lang)["topics"][topic], ensure_ascii=False))
    )
    assert set(doc["figures"]) == quoted
    for name, value in doc["figures"].items():
        want = expected()[name]
        if isinstance(want, Decimal):
            assert abs(Decimal(value) - want) < Decimal("0.0005"), (name, value, want)
        else:
            assert value == want, name


# Hand-checked against the sources in SOURCES.md, and what each must read like in each language.
HAND_CHECKED = [
    ("qe", "pre_crisis_assets", "905.253", ["$905.3B", "September 3, 2008"], ["9,053億美元", "2008年9月3日"]),
    ("qe", "peak_2015_assets", "4516.077", ["$4.516T", "January 14, 2015"], ["4.516兆美元", "2015年1月14日"]),
    ("qe", "peak_assets", "8965.487", ["$8.965T", "April 13, 2022"], ["8.965兆美元", "2022年4月13日"]),
    ("qe", "feb_2020_assets", "4158.637", ["$4.16T"], ["4.16兆美元"]),
    ("qe", "june_2020_assets", "7168.936", ["$7.17T"], ["7.17兆美元"]),
    ("qt", "qt2_trough_assets", "6535.781", ["$6.536T", "December 3, 2025"], ["6.536兆美元", "2025年12月3日"]),
    ("qt", "qt1_decline", "700.476", ["about $700B"], ["約減少7,000億美元"]),
    ("qt", "qt2_decline", "2429.706", ["about $2.43T"], ["約減少2.43兆美元"]),
    ("qt", "rmp_start", "2025-12-12", ["began December 12, 2025"], ["從2025年12月12日開始"]),
    ("qt", "qt2_2025_announced", "2025-03-19", ["(announced March 19, 2025)"], ["（2025年3月19日宣布）"]),
    ("history", "mid_march_2020_assets", "4668.212", ["$4.67T on March 18"], ["3月18日是4.67兆美元"]),
    ("history", "reserves_low_2019", "1394.122", ["$1.394T"], ["1.394兆美元"]),
    ("reserves", "on_rrp_peak", "2553.716", ["$2.55T on December 30, 2022"], ["2022年12月30日達到2.55兆美元"]),
    ("reserves", "reserves_low_2025", "2848.021", ["$2.848T in the week of October 29, 2025"],
     ["2025年10月29日當週的2.848兆美元"]),
    # FACTS §A #32a: the QT2-era low of reserves, not only the 2025 one.
    ("reserves", "reserves_low_qt2", "2830.144", ["$2.83T in the week of January 4, 2023"],
     ["2023年1月4日當週的2.83兆美元"]),
    # ON RRP in autumn 2025: about $50B at the month ends, a few billion on ordinary days.
    ("reserves", "on_rrp_oct_2025_end", "51.802", ["ended September at $49.1B and October at $51.8B"],
     ["9月底是491億美元，10月底是518億美元"]),
    ("reserves", "on_rrp_autumn_2025_low", "2.435", ["as little as $2.4B on October 24, 2025"],
     ["2025年10月24日只剩24億美元"]),
    # Both sides of QT2 (qt balance --from 2022-06-01 --to 2025-11-26), and reserves against GDP.
    ("reserves", "on_rrp_qt2_start", "1965.015", ["and ON RRP $1.965T"], ["ON RRP 1.965兆美元"]),
    ("reserves", "reserves_qt2_end", "2896.586", ["reserves $2.897T and ON RRP $2.2B"],
     ["準備金2.897兆美元，ON RRP 只剩22億美元"]),
    ("reserves", "reserves_pct_gdp_2019", "6.42", ["reserves were 6.42% in the week of the 2019 spike"],
     ["準備金是 GDP 的6.42%"]),
    ("reserves", "reserves_pct_gdp_2025", "9.33", ["ample and decided to buy bills"], ["則是9.33%"]),
    ("reserves", "rmp_first_pace", "40", ["about $40B in the first month"], ["第一個月約400億美元"]),
    ("runoff", "mbs_runoff_avg_2023_2025", "16.792", ["about $16.8B a month"], ["每月約減少168億美元"]),
    ("runoff", "actual_runoff_jan_2025", "40.865", ["about $40.9B"], ["約409億美元"]),
    ("runoff", "tsy_runoff_jan_2025", "25.162", ["Treasuries fell by $25.2B"], ["公債減少252億美元"]),
    ("runoff", "mbs_runoff_jan_2025", "15.703", ["MBS by only $15.7B"], ["只減少157億美元"]),
    ("runoff", "actual_runoff_may_2025", "20.797", ["about $20.8B in total"], ["合計約208億美元"]),
    ("runoff", "qt2_first_total_cap", "47.5", ["$17.5B", "$47.5B"], ["175億美元", "475億美元"]),
    ("myths", "qt2_max_total_cap", "95", ['"QT was cut from $95B to $40B a month in April 2025"'],
     ["「2025年4月，QT 從每月950億美元降到400億美元」"]),
    ("myths", "qt2_2024_total_cap", "60", ["The 2025 step went from $60B to $40B."],
     ["2025年的調整是從600億美元降到400億美元。"]),
    ("myths", "mid_march_2022_assets", "8954.306", ["$8.954T on March 16, 2022"], ["2022年3月16日的8.954兆美元"]),
    ("assets", "tsy_qt2_high", "5771.393", ["$5.771T down to $4.189T"], ["從5.771兆美元降到4.189兆美元"]),
    ("assets", "mbs_qt2_high", "2740.185", ["$2.74T down to $2.054T"], ["從2.74兆美元降到2.054兆美元"]),
    ("risks", "svb_after_assets", "8733.787", ["from $8.342T on March 8 to $8.734T on March 22, 2023"],
     ["2023年3月8日的8.342兆美元跳升到3月22日的8.734兆美元"]),
]  # fmt: skip


@pytest.mark.parametrize(
    "topic, name, exact, en, zh", HAND_CHECKED, ids=[h[1] for h in HAND_CHECKED]
)
def test_hand_checked_figures_in_the_text(topic, name, exact, en, zh):
    assert as_json(topic, "en")["figures"][name] == exact
    for lang, phrases in (("en", en), ("zh-TW", zh)):
        plain = ok("explain", topic, "--plain", "--lang", lang)
        for phrase in phrases:
            assert phrase in plain, (lang, phrase)


def test_the_ample_and_scarce_assumptions_are_the_ratios_explain_quotes():
    """policies.yaml's reference levels for simulate are the two weeks explain reserves names."""
    assumptions = yaml.safe_load((PKG / "policies.yaml").read_text(encoding="utf-8"))["assumptions"]
    figures = as_json("reserves", "en")["figures"]
    assert dec(assumptions["ample_reserves"]["value"]) == Decimal(figures["reserves_pct_gdp_2025"])
    assert dec(assumptions["scarce_reserves"]["value"]) == Decimal(figures["reserves_pct_gdp_2019"])


def test_figures_follow_the_policy_file(tmp_path):
    """Edit a cap in a copy of policies.yaml: the explanation changes with it."""
    text = (PKG / "policies.yaml").read_text(encoding="utf-8")
    old = "    start: 2025-04\n    end: 2025-11\n    treasuries: {cap: 5}\n"
    assert text.count(old) == 1
    edited = tmp_path / "policies.yaml"
    edited.write_text(text.replace(old, old.replace("{cap: 5}", "{cap: 7}")), encoding="utf-8")
    doc = json.loads(ok("explain", "myths", "--policies", str(edited), "--format", "json"))
    assert doc["figures"]["qt2_2025_treasury_cap"] == "7"
    assert doc["figures"]["qt2_2025_total_cap"] == "42"
    assert "The 2025 step went from $60B to $42B." in doc["sections"][0]["body"]


def test_without_an_events_timeline_rmp_start_is_the_month():
    from qtcli import policies
    from qtcli.figures import Figures
    from qtcli.model import Month

    figures = Figures(policies.load(), events=lambda: ())
    assert figures.value("rmp_start") == Month(2025, 12)
    assert (figures.text("rmp_start", "en"), figures.text("rmp_start", "zh-TW")) == (
        "December 2025",
        "2025年12月",
    )


def test_a_topic_without_figures_reads_no_policy_file():
    assert "Taiwan's central bank vs the Fed" in ok(
        "explain", "taiwan", "--policies", "/nonexistent/p.yaml"
    )
    result = qt("explain", "qt", "--policies", "/nonexistent/p.yaml")
    assert result.exit_code == 1
    assert result.stderr == "qt: error: /nonexistent/p.yaml: no such file\n"


# ------------------------------------------------------------------------- every output


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("topic", TOPICS)
def test_no_placeholder_is_left_unfilled(topic, lang):
    for args in ([], ["--plain"], ["--format", "csv"]):
        out = ok("explain", topic, "--lang", lang, *args)
        assert "{" not in out and "}" not in out, (args, re.findall(r"\{[^}]*\}", out))

    def strings(value):
        if isinstance(value, dict):
            for v in value.values():
                yield from strings(v)
        elif isinstance(value, list):
            for v in value:
                yield from strings(v)
        elif isinstance(value, str):
            yield value

    doc = as_json(topic, lang)
    assert not [s for s in strings(doc) if "{" in s or "}" in s]


@pytest.mark.parametrize("topic", TOPICS)
def test_zh_tw_is_traditional_and_counts_in_yi_and_zhao(topic):
    out = ok("explain", topic, "--lang", "zh-TW", "--plain")
    assert not SIMPLIFIED & set(out), sorted(SIMPLIFIED & set(out))
    assert not re.search(r"\$\s?\d|\d(\.\d+)?\s?[BT]\b|\d\s?(billion|trillion)", out), topic
    if topic != "taiwan":  # the Taiwan topic counts in NT$ and percentages
        assert re.search(r"\d(,\d{3})*(\.\d+)?[億兆]美元", out), topic
    assert "兆億" not in out and "億兆" not in out


def test_zh_tw_text_file_has_no_simplified_characters():
    raw = (PKG / "explain" / "zh-TW.yaml").read_text(encoding="utf-8")
    assert not SIMPLIFIED & set(raw)


@pytest.mark.parametrize("lang", LANGS)
def test_json_has_stable_keys(lang):
    for topic in TOPICS:
        doc = as_json(topic, lang)
        assert list(doc) == [
            "topic",
            "lang",
            "title",
            "summary",
            "sections",
            "sources",
            "units",
            "figures",
        ]
        assert (doc["topic"], doc["lang"]) == (topic, lang)
        assert [s["id"] for s in doc["sections"]] == [
            s["id"] for s in raw_texts(lang)["topics"][topic]["sections"]
        ]
        for section in doc["sections"]:
            assert list(section) == ["id", "heading", "body", "bullets", "table"]
            assert section["body"] or section["bullets"] or section["table"]
            if section["table"]:
                assert all(
                    len(row) == len(section["table"]["columns"]) for row in section["table"]["rows"]
                )
        assert doc["sources"] and all(list(s) == ["title", "url"] for s in doc["sources"])
        assert all(s["url"].startswith("https://") for s in doc["sources"])


@pytest.mark.parametrize("lang", LANGS)
def test_every_topic_ends_with_its_sources(lang):
    heading = {"en": "Sources", "zh-TW": "資料來源"}[lang]
    for topic in TOPICS:
        sources = raw_texts(lang)["topics"][topic]["sources"]
        plain = ok("explain", topic, "--plain", "--lang", lang)
        tail = plain.split(f"\n{heading}\n", 1)[1]
        assert [line for line in tail.splitlines() if line.startswith("- ")] == [
            f"- {s['title']}: {s['url']}" for s in sources
        ]
        lines = ok("explain", topic, "--lang", lang).splitlines()
        last = max(i for i, line in enumerate(lines) if line.strip() == heading)
        rest = "\n".join(lines[last + 1 :])
        assert all(s["url"] in re.sub(r"\s+", "", rest) for s in sources)  # a long URL folds
        assert not re.search("[│┃•]", rest)  # nothing of the topic itself after its sources


def test_plain_has_no_box_drawing_and_the_table_has():
    for topic in ("compare", "runoff", "taiwan"):
        assert not BOX.search(ok("explain", topic, "--plain"))
        assert BOX.search(ok("explain", topic))
    plain = ok("explain", "runoff", "--plain")
    assert "Period" in plain and "Treasury cap" in plain
    assert re.search(r"^From June 2024 +\$25B +\$35B +\$60B$", plain, re.M)


def test_csv_is_one_row_per_section():
    rows = list(csv.reader(ok("explain", "runoff", "--format", "csv").splitlines(keepends=True)))
    assert rows[0] == ["topic", "section", "heading", "body"]
    ids = [s["id"] for s in raw_texts("en")["topics"]["runoff"]["sections"]]
    assert [r[1] for r in rows[1:]] == ["summary", *ids, "sources"]
    assert all(r[0] == "runoff" for r in rows[1:])
    example = next(r for r in rows if r[1] == "example")
    assert "Actual runoff was about $40.9B" in example[3]


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "plain"])
def test_output_goes_to_a_file(tmp_path, fmt):
    target = tmp_path / f"qe.{fmt}"
    args = ["--plain"] if fmt == "plain" else ["--format", fmt]
    assert ok("explain", "qe", "--lang", "zh-TW", "--output", str(target), *args) == ""
    written = target.read_text(encoding="utf-8")
    assert "8.965兆美元" in written
    assert "\x1b[" not in written
    if fmt == "json":
        assert json.loads(written)["figures"]["peak_assets"] == "8965.487"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temporary file left behind


@pytest.mark.parametrize(
    "args, message",
    [(["qe", "--list"], "give a topic or --list, not both"),
     (["qe", "--plain", "--format", "json"], "plain text cannot be --format json")],
)  # fmt: skip
def test_conflicting_options_are_usage_errors(args, message):
    result = qt("explain", *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1 and message in result.stderr


# ------------------------------------------------------------------------- the text files


BAD_TEXTS = [
    ("{peak_asets}", "unknown figure '{peak_asets}' (did you mean '{peak_assets}'?)"),
    ("a { stray brace", "a brace that is not a figure (write figures as {name})"),
    ("{peak_assets:,}", "unknown figure '{peak_assets:,}' (did you mean '{peak_assets}'?)"),
]


@pytest.mark.parametrize("body, message", BAD_TEXTS)
def test_a_bad_figure_in_a_text_file_is_an_error_with_its_line(tmp_path, body, message):
    text = (PKG / "explain" / "en.yaml").read_text(encoding="utf-8")
    old = 'summary: "QE and QT are mirror images on paper, but QE is usually fast and QT slow."'
    assert text.count(old) == 1
    line = text[: text.index(old)].count("\n") + 1
    bad = tmp_path / "en.yaml"
    bad.write_text(text.replace(old, f'summary: "{body}"'), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        texts.load("en", bad)
    assert str(caught.value) == f"{bad}:{line}: topic 'compare': summary: {message}"


@pytest.mark.parametrize(
    "old, new, message",
    [
        ("      - id: speed\n        heading:", "      - id: speed\n        headline:",
         "topic 'compare', section 'speed': unknown key 'headline' (did you mean 'heading'?)"),
        ('columns: ["", "QE", "QT"]', 'columns: ["", "QE"]', "table row has 3 cells for 2 columns"),
        ("  compare:\n    title:", "  Compare:\n    title:", "topic 'Compare': a topic id is lowercase"),
        ("lang: en", "lang: zh-TW", "lang must be 'en' for this file"),
    ],
)  # fmt: skip
def test_a_broken_text_file_gives_one_line_through_the_cli(
    tmp_path, monkeypatch, old, new, message
):
    text = (PKG / "explain" / "en.yaml").read_text(encoding="utf-8")
    assert old in text
    bad = tmp_path / "en.yaml"
    bad.write_text(text.replace(old, new, 1), encoding="utf-8")
    monkeypatch.setattr(texts, "path_for", lambda lang: bad)
    result = qt("explain", "qe")
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"qt: error: {bad}:"), result.stderr
    assert message in lines[0]


# ------------------------------------------------------------------------- wrapping Chinese


def test_chinese_paragraphs_fill_the_line_in_the_terminal():
    out = ok("explain", "runoff", "--lang", "zh-TW", env={"COLUMNS": "60"})
    lines = out.splitlines()
    assert all(len(line.encode("utf-16-le")) // 2 <= 60 for line in lines)
    paragraph = next(
        i for i, line in enumerate(lines) if line.startswith("聯準會替公債訂一個每月上限")
    )
    from qtcli.reports.explain import width

    assert width(lines[paragraph].rstrip()) >= 56  # filled, not cut at the first space
    assert "…" not in out  # no table cell cut short
    assert not any(line.lstrip("│ ").startswith(("，", "。", "、", "）")) for line in lines)


@given(
    st.text(
        alphabet=st.sampled_from(list("聯準會公債，。（）「」 MBS$40B 2025年億美元abc")),
        max_size=80,
    ),
    st.integers(min_value=4, max_value=30),
)
def test_wrapping_keeps_every_character_and_the_width(body, width):
    from qtcli.render import wrap
    from qtcli.reports.explain import width as cells

    lines = wrap(body, width)
    assert "".join(lines).replace(" ", "") == body.replace(" ", "")
    assert all(cells(line) <= width for line in lines)


def test_qt_validate_reads_explain_files(tmp_path):
    from typer.testing import CliRunner

    from qtcli.cli import app

    runner = CliRunner()
    env = {"COLUMNS": "100", "LANG": "C", "LC_ALL": "", "LC_MESSAGES": ""}
    path = str(PKG / "explain" / "zh-TW.yaml")
    good = runner.invoke(app, ["validate", path], env=env)
    assert (good.exit_code, good.stdout, good.stderr) == (0, f"{path}: OK, 11 topics\n", "")
    # Two typos on two lines: both reported, each with its own line number.
    lines = (PKG / "explain" / "en.yaml").read_text(encoding="utf-8").splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("    summary:"))
    second = next(
        i for i, line in enumerate(lines) if i > first and line.startswith("    summary:")
    )
    for i in (first, second):
        lines[i] = lines[i].replace("summary:", "sumary:")
    bad = tmp_path / "en.yaml"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["validate", str(bad)], env=env)
    assert result.exit_code == 1
    assert result.stdout == ""
    errors = result.stderr.splitlines()
    assert errors == [
        f"{bad}:{first + 1}: topic 'qe': unknown key 'sumary' (did you mean 'summary'?)",
        f"{bad}:{second + 1}: topic 'qt': unknown key 'sumary' (did you mean 'summary'?)",
    ]
