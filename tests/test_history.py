"""`qt history`: the events.yaml loader, the filters, JSON / CSV / table in en and zh-TW, the data.

Expected values are written by hand or read from events.yaml and the H.4.1 snapshot with plain
PyYAML / csv, never computed by the code under test. Every CLI call goes through the real root
app (QtGroup.main), with COLUMNS fixed so the machine's terminal does not matter.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from qtcli import actuals, events, history
from qtcli.cli import app
from qtcli.errors import UsageError
from qtcli.model import Event
from qtcli.reports.history import wrap

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "events"
EVENTS_YAML = REPO / "events.yaml"
WALCL_CSV = REPO / "qtcli" / "data" / "WALCL.csv"
# The oracle for the shipped data: events.yaml read by plain PyYAML, in date order (file order
# within a day, as Python's sort is stable).
RAW = sorted(
    yaml.safe_load(EVENTS_YAML.read_text(encoding="utf-8"))["events"], key=lambda e: str(e["date"])
)
# Simplified characters that must never appear in zh-TW (Taiwan) text.
SIMPLIFIED = "联资亿国债购买卖计银货币经济发实际调缩减额时间这为对与会进从机构证总关长贷"
JSON_KEYS = {
    "date", "effective", "bank", "kind", "title", "amounts", "sources", "confidence", "total_assets",
}  # fmt: skip
QE1_SOURCES = [
    "https://www.federalreserve.gov/monetarypolicy/timeline-balance-sheet-policies.htm",
    "https://fraser.stlouisfed.org/archival-collection/board-governors-federal-reserve-system-4966/"
    "federal-reserve-announces-initiate-a-program-purchase-direct-obligations-housing-related-"
    "government-sponsored-enterprises-mortgage-backed-securities-backed-fannie-mae-freddie-mac-"
    "ginnie-mae-519143/fulltext",
]

runner = CliRunner()


@pytest.fixture(autouse=True)
def snapshot_only(monkeypatch, tmp_path):
    """H.4.1 figures from the shipped snapshot, never from a developer's refreshed cache."""
    monkeypatch.setenv("QT_DATA_DIR", str(tmp_path / "no-cache"))
    monkeypatch.delenv("QT_EVENTS", raising=False)
    actuals.weekly.cache_clear()
    yield
    actuals.weekly.cache_clear()


def qt(*args: str, columns: int = 80, env: dict[str, str] | None = None):
    base = {"COLUMNS": str(columns), "LC_ALL": "C", "QT_EVENTS": None}
    return runner.invoke(app, ["history", *args], env={**base, **(env or {})})


def ok(result) -> str:
    assert result.exit_code == 0, (result.exit_code, result.stdout, result.stderr)
    assert result.stderr == ""
    return result.stdout


def as_json(*args: str) -> dict:
    return json.loads(ok(qt("--format", "json", *args)))


def ids(*args: str) -> list[str]:
    return [e["id"] for e in as_json(*args)["events"]]


def raw_ids(keep=lambda e: True) -> list[str]:
    return [e["id"] for e in RAW if keep(e)]


def width(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


def events_file(tmp_path: Path, *rows: tuple[str, str, str, str]) -> Path:
    """A small valid events file: one event per (id, date, bank, kind)."""
    body = "version: 1\nevents:\n"
    for eid, date, bank, kind in rows:
        body += (
            f"  - id: {eid}\n    date: {date}\n    bank: {bank}\n    kind: {kind}\n"
            f"    title: {{en: 'Event {eid}', zh-TW: '事件 {eid}'}}\n"
            f"    sources: [https://example.org/{eid}]\n    confidence: verified\n"
        )
    path = tmp_path / "events.yaml"
    path.write_text(body, encoding="utf-8")
    return path


def walcl(day: str) -> Decimal:
    """WALCL on ``day`` from the shipped CSV, USD billions (the file is in millions)."""
    with WALCL_CSV.open(encoding="utf-8") as f:
        rows = {r["observation_date"]: r["WALCL"] for r in csv.DictReader(f)}
    return Decimal(rows[day]) / 1000


# --------------------------------------------------------------------------- bad input corpus

# (fixture, line, message); line None: any line (where an alias bomb runs out of budget).
CORPUS = [
    ("yaml-syntax.yaml", 7, "invalid YAML: mapping values are not allowed in this context"),
    ("wrong-type-amount.yaml", 12, "event 'fed-qe1': amounts.mbs_purchases must be a number >= 0, got 'lots'"),
    ("wrong-type-date.yaml", 5, "event 'fed-qe1': date must be a date YYYY-MM-DD, got 20081125"),
    ("wrong-type-title.yaml", 8, "event 'fed-qe1': title must be a mapping, got 'QE1 begins'"),
    ("unknown-key.yaml", 6, "event 'fed-qe1': unknown key 'effectve' (did you mean 'effective'?)"),
    ("missing-field.yaml", 4, "event 'fed-qe1': missing required key 'sources'"),
    ("missing-zh.yaml", 9, "event 'fed-qe1': title: missing required key 'zh-TW'"),
    ("impossible-date.yaml", 5, "event 'fed-qe1': date: 2009-02-29 is not a real date"),
    ("impossible-month.yaml", 6, "event 'fed-qe1': effective: 2008-13 is not a real month"),
    ("bad-effective.yaml", 6,
     "event 'fed-qe1': effective must be a date YYYY-MM-DD or a month YYYY-MM, got 'Dec 2008'"),
    ("effective-before-date.yaml", 6,
     "event 'fed-qe1': effective 2008-11-20 is before the announcement date 2008-11-25"),
    ("bad-tag.yaml", 5, "tag !!python/object/apply:os.system is not allowed"),
    ("empty.yaml", 1, "file is empty"),
    ("not-utf8.yaml", 9, "not UTF-8 text (byte 0xe9)"),
    ("alias-bomb.yaml", None, "too many values (an alias/anchor expansion bomb?)"),
    ("duplicate-id.yaml", 16, "duplicate event id 'fed-qe1' (first at line 4)"),
    ("duplicate-key.yaml", 6, "duplicate key 'date'"),
    ("amount-key.yaml", 12,
     "event 'fed-qe1': amounts: unknown key 'mbs_purchase' (did you mean 'mbs_purchases'?)"),
    ("negative-amount.yaml", 12, "event 'fed-qe1': amounts.mbs_purchases must be a number >= 0, got -500"),
    ("total-mismatch.yaml", 14, "event 'fed-qe1': amounts.total_cap 11 is not treasury_cap 6 + mbs_cap 4"),
    ("empty-amounts.yaml", 11, "event 'fed-qe1': amounts must name at least one amount (or leave amounts out)"),
    ("bad-kind.yaml", 7,
     "event 'fed-qe1': kind must be one of qe, taper, reinvest, twist, qt, rmp, rate, reserve-requirement, "
     "market; got 'tapering'"),
    ("bad-bank.yaml", 6, "event 'fed-qe1': bank must be one of fed, cbc; got 'ecb'"),
    ("bad-id.yaml", 4, "event 'Fed QE1': id has an unexpected form: 'Fed QE1'"),
    ("bad-url.yaml", 14,
     "event 'fed-qe1': sources entry has an unexpected form: "
     "'www.federalreserve.gov/monetarypolicy/timeline-balance-sheet-policies.htm'"),
    ("no-sources.yaml", 13, "event 'fed-qe1': sources must list at least one URL"),
    ("bad-confidence.yaml", 15,
     "event 'fed-qe1': confidence must be one of verified, secondary, derived, uncertain; got 'sure'"),
    ("simplified.yaml", 10,
     "event 'fed-qe1': title.zh-TW has the simplified character '启' (Taiwan usage: '啟')"),
    ("bad-version.yaml", 2, "version must be 1, got 2"),
    ("no-events.yaml", 3, "events must list at least one event"),
    ("not-a-mapping.yaml", 2, "events file must be a mapping, got a list"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "line", "message"), CORPUS, ids=[c[0] for c in CORPUS])
def test_bad_input_is_one_line_exit_1(name, line, message):
    path = FIXTURES / name
    result = qt("--events", str(path))
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) == 1, result.stderr
    if line is None:
        pattern = rf"qt: error: {re.escape(str(path))}:\d+: {re.escape(message)}\n"
        assert re.fullmatch(pattern, result.stderr)
    else:
        assert result.stderr == f"qt: error: {path}:{line}: {message}\n"


def test_every_fixture_is_in_the_corpus():
    assert sorted(p.name for p in FIXTURES.iterdir()) == sorted(c[0] for c in CORPUS)


def test_bad_input_from_qt_events_env():
    path = FIXTURES / "duplicate-id.yaml"
    result = qt(env={"QT_EVENTS": str(path)})
    assert result.exit_code == 1
    assert result.stderr == (
        f"qt: error: {path}:16: duplicate event id 'fed-qe1' (first at line 4)\n"
    )


def test_events_option_beats_env(tmp_path):
    good = events_file(tmp_path, ("only-one", "2019-05-01", "fed", "qt"))
    env = {"QT_EVENTS": str(FIXTURES / "empty.yaml")}
    result = qt("--format", "json", "--events", str(good), env=env)
    assert [e["id"] for e in json.loads(ok(result))["events"]] == ["only-one"]


def test_several_problems_one_line_and_validate_lists_them(tmp_path):
    text = (FIXTURES / "bad-kind.yaml").read_text(encoding="utf-8")
    text = text.replace("bank: fed", "bank: ecb")
    path = tmp_path / "two.yaml"
    path.write_text(text, encoding="utf-8")
    result = qt("--events", str(path))
    assert result.exit_code == 1
    assert result.stderr == (
        f"qt: error: {path}:6: event 'fed-qe1': bank must be one of fed, cbc; got 'ecb'"
        " (and 1 more problem; run 'qt validate')\n"
    )
    listed = runner.invoke(app, ["validate", str(path)])
    assert listed.exit_code == 1
    assert listed.stdout == ""
    assert listed.stderr.splitlines() == [
        f"{path}:6: event 'fed-qe1': bank must be one of fed, cbc; got 'ecb'",
        f"{path}:7: event 'fed-qe1': kind must be one of qe, taper, reinvest, twist, qt, rmp, rate, "
        "reserve-requirement, market; got 'tapering'",
    ]


# --------------------------------------------------------------------------- usage errors


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--since", "2019-13"], "--since"),
        (["--since", "2019-00"], "--since"),
        (["--until", "2019-02-30"], "--until"),
        (["--since", "19"], "--since"),
        (["--until", "2019/01"], "--until"),
        (["--kind", "foo"], "--kind"),
        (["--kind", "qt", "--kind", "tapering"], "'tapering'"),
        (["--bank", "ecb"], "--bank"),
        (["--since", "2021", "--until", "2020"], "--since 2021 is after --until 2020"),
        (["--format", "xml"], "--format"),
        (["--lang", "fr"], "--lang"),
    ],
)
def test_bad_filter_is_usage_error_exit_2(args, fragment):
    result = qt(*args)
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("qt: error: "), result.stderr
    assert fragment in lines[0]


def test_usage_error_comes_before_reading_the_file():
    result = qt("--kind", "foo", "--events", "/nonexistent/events.yaml")
    assert result.exit_code == 2
    assert "/nonexistent" not in result.stderr


# --------------------------------------------------------------------------- filters


def test_default_is_every_event_in_date_order():
    assert ids() == raw_ids()
    assert len(RAW) == as_json()["count"]


@pytest.mark.parametrize("bank", ["fed", "cbc"])
def test_bank(bank):
    assert ids("--bank", bank) == raw_ids(lambda e: e["bank"] == bank)


def test_bank_all_and_case():
    assert ids("--bank", "all") == raw_ids()
    assert ids("--bank", "CBC") == raw_ids(lambda e: e["bank"] == "cbc")


def test_kind_one():
    assert ids("--kind", "reserve-requirement") == [
        "cbc-rrr-2008-09-16", "cbc-rrr-2024-06-13", "cbc-rrr-2024-09-19",
    ]  # fmt: skip


def test_kind_repeatable():
    got = ids("--kind", "qt", "--kind", "rmp")
    assert got == raw_ids(lambda e: e["kind"] in ("qt", "rmp"))
    assert {e["kind"] for e in RAW if e["id"] in got} == {"qt", "rmp"}


def test_since_until_whole_year():
    assert ids("--since", "2019", "--until", "2019") == [
        "fed-ample-reserves-2019", "fed-qt1-slowdown", "fed-qt1-end", "fed-repo-spike-2019",
        "fed-rmp-2019",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--until", "2019"], ["a", "b"]),
        (["--since", "2020"], ["c", "d"]),
        (["--until", "2020-01"], ["a", "b", "c"]),
        (["--until", "2020-02"], ["a", "b", "c", "d"]),  # 2020-02 ends on the 29th
        (["--since", "2019-12"], ["b", "c", "d"]),
        (["--since", "2019-12-31", "--until", "2019-12-31"], ["b"]),
        (["--since", "2020-01-02", "--until", "2020-02-28"], []),
        (["--bank", "cbc", "--since", "2019-06"], ["c"]),
        (["--kind", "qe", "--until", "2020"], ["a", "c"]),
    ],
)
def test_date_bounds(tmp_path, args, expected):
    path = events_file(
        tmp_path,
        ("a", "2019-01-01", "cbc", "qe"),
        ("b", "2019-12-31", "fed", "qt"),
        ("c", "2020-01-01", "cbc", "qe"),
        ("d", "2020-02-29", "fed", "qt"),
    )
    assert ids("--events", str(path), *args) == expected


TWIST = ["fed-mep", "fed-mep-extension", "fed-qe3-mbs", "fed-qe3-treasuries"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("TWIST", TWIST),  # titles in English and notes
        ("扭轉操作", TWIST),  # titles and notes in zh-TW
        ("miran", ["fed-hold-2026-01"]),  # only in the English note
        ("米蘭", ["fed-hold-2026-01"]),  # only in the zh-TW note
        ("CBC-RRR", ["cbc-rrr-2008-09-16", "cbc-rrr-2024-06-13", "cbc-rrr-2024-09-19"]),  # ids
        ("no such words anywhere", []),
    ],
)
def test_search(text, expected):
    assert ids("--search", text) == expected


def test_search_matches_plain_substring_over_id_titles_notes():
    def hit(e, needle="cap"):
        fields = [e["id"], *e["title"].values(), *(e.get("note") or {}).values()]
        return any(needle in f.lower() for f in fields)

    assert ids("--search", "Cap") == raw_ids(hit)


def test_filters_combine():
    got = ids(
        "--bank", "fed", "--kind", "qt", "--since", "2022-05", "--until", "2025", "--search", "slowed"
    )  # fmt: skip
    assert got == ["fed-qt2-slowdown-2024", "fed-qt2-slowdown-2025"]


# --------------------------------------------------------------------------- JSON and CSV


def test_json_shape():
    out = as_json()
    assert set(out) == {"events", "count"}
    assert out["count"] == len(out["events"]) == len(RAW)
    for e in out["events"]:
        assert JSON_KEYS <= set(e) <= JSON_KEYS | {"id", "note"}
        assert all(isinstance(v, str) and Decimal(v) == Decimal(v) for v in e["amounts"].values())
        assert e["sources"] and all(s.startswith(("http://", "https://")) for s in e["sources"])


def test_json_one_event_exactly():
    (qe1,) = as_json("--search", "fed-qe1", "--until", "2008")["events"]
    assert qe1 == {
        "id": "fed-qe1",
        "date": "2008-11-25",
        "effective": "2008-12",
        "bank": "fed",
        "kind": "qe",
        "title": "QE1 begins: up to $500B agency MBS and $100B agency debt",
        "amounts": {"mbs_purchases": "500", "agency_debt_purchases": "100"},
        "sources": QE1_SOURCES,
        "confidence": "verified",
        "total_assets": "2187.137",  # WALCL 2008-11-19: 2,187,137 million
        "note": "Agency-debt buying started the next week; MBS first shows on the H.4.1 of "
        "2009-01-14 ($5.6B).",
    }


def test_json_zh_title_and_note():
    (qe1,) = as_json("--lang", "zh-TW", "--search", "fed-qe1", "--until", "2008")["events"]
    assert qe1["title"] == "QE1啟動：購買機構不動產抵押貸款證券與機構債"
    assert qe1["note"].startswith("機構債於隔週開始買進")


def test_json_confidence_carried():
    got = {e["id"]: e["confidence"] for e in as_json()["events"]}
    assert got == {e["id"]: e["confidence"] for e in RAW}
    assert got["fed-rmp-2026-04"] == "uncertain"


def test_json_total_assets_fed_only():
    for e in as_json()["events"]:
        if e["bank"] == "cbc":
            assert e["total_assets"] is None
    by_id = {e["id"]: e for e in as_json()["events"]}
    assert Decimal(by_id["fed-peak-2022"]["total_assets"]) == walcl("2022-04-13")
    # 2020-03-15 is a Sunday: the Wednesday before
    assert Decimal(by_id["fed-covid-qe"]["total_assets"]) == walcl("2020-03-11")


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        ("2002-12-17", None),  # before the first H.4.1 week in the data
        ("2002-12-18", "719.542"),  # the first week
        ("2009-03-17", "1899.514"),  # a Tuesday: the Wednesday before (2009-03-11)
        ("2009-03-18", "2066.942"),  # a Wednesday: that day
        ("2026-06-24", "6736.424"),  # 7 days after the last week (2026-06-17): still that week
        ("2026-06-25", None),  # 8 days after: unknown, not carried forward
    ],
)
def test_total_assets_lookup(tmp_path, date, expected):
    path = events_file(tmp_path, ("x", date, "fed", "qe"), ("y", date, "cbc", "rate"))
    got = {e["id"]: e["total_assets"] for e in as_json("--events", str(path))["events"]}
    assert got == {"x": expected, "y": None}


def test_csv():
    out = ok(qt("--format", "csv"))
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == [
        "id", "date", "effective", "bank", "kind", "title", "amounts", "sources", "confidence",
        "total_assets", "note",
    ]  # fmt: skip
    assert len(rows) == 1 + len(RAW)
    qe1 = next(r for r in rows if r[0] == "fed-qe1")
    assert qe1[1:10] == [
        "2008-11-25", "2008-12", "fed", "qe",
        "QE1 begins: up to $500B agency MBS and $100B agency debt",
        "mbs_purchases=500; agency_debt_purchases=100", " ".join(QE1_SOURCES), "verified",
        "2187.137",
    ]  # fmt: skip
    cbc = next(r for r in rows if r[0] == "cbc-rate-2020-03-19")
    assert cbc[6] == "policy_rate=1.125; rate_change_bp=-25; ntd_billion=200"
    assert cbc[9] == ""  # no Fed balance sheet for a CBC event
    assert {r[0]: r[8] for r in rows[1:]} == {e["id"]: e["confidence"] for e in RAW}


def test_output_file(tmp_path):
    target = tmp_path / "history.json"
    result = qt("--format", "json", "--bank", "cbc", "--output", str(target))
    assert ok(result) == ""
    written = json.loads(target.read_text(encoding="utf-8"))
    assert written["count"] == len(raw_ids(lambda e: e["bank"] == "cbc"))


def test_nothing_matches():
    assert ok(qt("--search", "zzz-nothing")) == "No events match.\n"
    assert ok(qt("--search", "zzz-nothing", "--lang", "zh-TW")) == "沒有符合條件的事件。\n"
    assert as_json("--search", "zzz-nothing") == {"events": [], "count": 0}
    assert ok(qt("--search", "zzz-nothing", "--format", "csv")).count("\n") == 1


# --------------------------------------------------------------------------- table


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
@pytest.mark.parametrize("columns", [80, 100, 132])
def test_table_fits_the_terminal(lang, columns):
    out = ok(qt("--lang", lang, columns=columns))
    too_wide = [line for line in out.splitlines() if width(line) > columns]
    assert not too_wide, too_wide[:3]
    assert len(out.splitlines()) > len(RAW)


def test_table_exact_80_columns(tmp_path):
    path = tmp_path / "events.yaml"
    path.write_text(
        """version: 1
events:
  - id: qt2-slow
    date: 2024-05-01
    effective: 2024-06-01
    bank: fed
    kind: qt
    title: {en: "QT2 slowed: Treasury cap cut from $60B to $25B a month from June", zh-TW: "QT2放緩"}
    amounts: {treasury_cap: 25, mbs_cap: 35, total_cap: 60}
    sources: [https://example.org/a]
    confidence: verified
  - id: cbc-hold
    date: 2024-12-19
    bank: cbc
    kind: rate
    title: {en: "CBC holds at 2%", zh-TW: "央行維持利率2%"}
    amounts: {policy_rate: 2.0, rate_change_bp: 0}
    sources: [https://example.org/b]
    confidence: uncertain
""",
        encoding="utf-8",
    )
    out = ok(qt("--events", str(path), "--lang", "en"))
    expected = [  # 74 columns: the "what" column is only as wide as its longest line
        "Central-bank balance-sheet timeline: 2 events",
        "                                                                     total",
        "date         bank  kind  what                                       assets",
        "─" * 74,
        "2024-05-01   Fed   QT    QT2 slowed: Treasury cap cut from $60B to  $7.36T",
        "→2024-06-01              $25B a month from June",
        "                         Treasury cap $25B/mo, MBS cap $35B/mo,",
        "                         total cap $60B/mo",
        "2024-12-19   CBC   rate  CBC holds at 2% (uncertain)",
        "                         rate 2% (unchanged)",
        "Dates: announced, → effective. USD unless NT$; /mo = a month; Fed rate =",
        "its target range. total assets: Fed H.4.1 (WALCL) on the last Wednesday on",
        "or before the date. --sources lists the sources.",
    ]
    assert [line.rstrip() for line in out.splitlines()] == expected


def _header(out: str) -> str:
    return next(line for line in out.splitlines() if "what" in line or "事件" in line)


def test_amounts_get_their_own_column_from_100_columns():
    assert "amounts" not in _header(ok(qt(columns=80)))
    assert "amounts" in _header(ok(qt(columns=100)))
    wide = ok(qt(columns=200))  # wide enough for every amount to fit on one line
    assert "MBS $1.25T, agency debt $200B, Treasuries $300B" in wide  # fed-qe1-expansion
    assert "rate 3.5% (-12.5bp)" in wide  # cbc-rate-2008-09-25
    assert "NT$200B" in wide  # cbc-rrr-2008-09-16


def test_uncertain_is_marked_in_the_table():
    uncertain = len(raw_ids(lambda e: e["confidence"] == "uncertain"))
    assert uncertain > 0
    assert ok(qt()).count("(uncertain)") == uncertain
    assert ok(qt("--lang", "zh-TW", columns=200)).count("（未確認）") == uncertain
    assert "(uncertain)" in ok(qt("--search", "fed-rmp-2026-04"))
    assert "(uncertain)" not in ok(qt("--search", "fed-rmp-2025"))  # secondary, not uncertain


def test_zh_tw_table():
    out = ok(qt("--lang", "zh-TW", "--since", "2020-03-15", "--until", "2020-03-19"))
    assert "央行資產負債表大事記：共 2 筆" in out
    for words in ("日期", "聯準會", "量化寬鬆", "央行", "利率"):
        assert words in out
    assert "公債 5,000億美元" in out  # fed-covid-qe: $500B of Treasuries
    assert "2,000億美元" in out  # and $200B of MBS
    assert "4.31兆美元" in out  # WALCL 2020-03-11: 4,311,911 million
    assert "1.125%（降25個基點）" in out  # CBC cut to 1.125%
    assert "新台幣2,000億元" in out
    qe1 = ok(qt("--lang", "zh-TW", "--search", "fed-qe1-expansion", columns=200))
    assert "MBS 1.25兆美元、機構債 2,000億美元、公債 3,000億美元" in qe1


def test_zh_tw_has_no_simplified_characters():
    out = ok(qt("--lang", "zh-TW", "--sources"))
    assert not [ch for ch in SIMPLIFIED if ch in out]
    assert "縮表" in out and "量化寬鬆" in out


def test_sources_lists_every_url_unbroken():
    out = ok(qt("--sources", "--bank", "fed", "--until", "2008"))
    lines = out.splitlines()
    assert "Sources" in lines
    for url in QE1_SOURCES:
        assert f"  {url}" in lines  # the 300-character FRASER URL too, on one line
    assert "http" not in ok(qt("--bank", "fed", "--until", "2008"))


def test_table_to_file(tmp_path):
    target = tmp_path / "history.txt"
    assert ok(qt("--bank", "fed", "--output", str(target))) == ""
    text = target.read_text(encoding="utf-8")
    assert "QE1 begins" in text and "amounts" in _header(text)  # files are 100 columns wide


# --------------------------------------------------------------------------- the shipped data


def test_enough_events_for_each_bank():
    assert as_json("--bank", "fed")["count"] >= 35
    assert as_json("--bank", "cbc")["count"] >= 20


def test_every_event_has_a_source_url():
    for e in RAW:
        assert e["sources"], e["id"]
        assert all(re.fullmatch(r"https?://\S+", u) for u in e["sources"]), e["id"]
    loaded = events.load(EVENTS_YAML)
    assert len(loaded) == len(RAW)
    assert all(e.sources for e in loaded)


def test_timeline_span():
    fed = [e for e in RAW if e["bank"] == "fed"]
    cbc = [e for e in RAW if e["bank"] == "cbc"]
    assert (fed[0]["id"], str(fed[0]["date"])) == ("fed-qe1", "2008-11-25")
    assert str(fed[-1]["date"]) >= "2026-01-01"
    assert {e["date"].year for e in cbc} >= {2008, 2026}


def test_ids_unique_and_zh_traditional():
    assert len({e["id"] for e in RAW}) == len(RAW)
    for e in RAW:
        for text in (e["title"]["zh-TW"], (e.get("note") or {}).get("zh-TW", "")):
            assert not [ch for ch in SIMPLIFIED if ch in text], e["id"]


def test_cbc_rate_steps_add_up():
    """Each CBC rate move equals the previous rate plus rate_change_bp."""
    previous = None
    for e in (e for e in RAW if e["bank"] == "cbc" and "policy_rate" in (e.get("amounts") or {})):
        rate = Decimal(str(e["amounts"]["policy_rate"]))
        change = e["amounts"].get("rate_change_bp")
        if previous is not None and change is not None:
            assert previous + Decimal(str(change)) / 100 == rate, e["id"]
        previous = rate
    assert previous == Decimal("2.0")


def test_derived_levels_match_the_snapshot():
    derived = [
        e for e in RAW if e["confidence"] == "derived" and "total_assets" in e.get("amounts", {})
    ]
    assert derived
    for e in derived:
        assert abs(Decimal(str(e["amounts"]["total_assets"])) - walcl(str(e["date"]))) < 1, e["id"]


def test_package_ships_events_yaml():
    shipped = REPO / "qtcli" / "events.yaml"
    assert shipped.resolve() == EVENTS_YAML.resolve()
    assert events.default_path() == shipped
    assert len(events.load()) == len(RAW)


def test_validate_accepts_events_yaml():
    result = runner.invoke(app, ["validate", str(EVENTS_YAML), "--lang", "en"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"{EVENTS_YAML}: OK, {len(RAW)} events\n"


# --------------------------------------------------------------------------- pure parts


@pytest.mark.parametrize(
    ("text", "end", "expected"),
    [
        ("2019", False, dt.date(2019, 1, 1)),
        ("2019", True, dt.date(2019, 12, 31)),
        ("2020-02", True, dt.date(2020, 2, 29)),
        ("2019-02", True, dt.date(2019, 2, 28)),
        ("2019-02", False, dt.date(2019, 2, 1)),
        ("2019-12-05", True, dt.date(2019, 12, 5)),
    ],
)
def test_parse_bound(text, end, expected):
    assert history.parse_bound(text, "--x", end=end) == expected


@pytest.mark.parametrize(
    "text", ["2019-13", "2019-00", "2019-02-29", "19", "2019-1", "", "2019-01-01T00"]
)
def test_parse_bound_rejects(text):
    with pytest.raises(UsageError):
        history.parse_bound(text, "--x", end=False)


def test_total_assets_asks_only_for_fed():
    asked = []

    def lookup(series, day):
        asked.append((series, day))
        return day - dt.timedelta(days=7), Decimal("1")

    def event(bank: str) -> Event:
        title = {"en": "E", "zh-TW": "事件"}
        day = dt.date(2020, 1, 8)
        return Event("e", day, None, bank, "rate", title, {}, ("https://example.org",), "verified")

    assert history.total_assets(event("fed"), lookup) == Decimal("1")
    assert history.total_assets(event("cbc"), lookup) is None
    assert asked == [("WALCL", dt.date(2020, 1, 8))]


def test_wrap_keeps_numbers_with_their_units():
    text = "利率 1.125%（降25個基點）、新台幣2,000億元"
    lines = wrap(text, 20).split("\n")
    assert all(width(line) <= 20 for line in lines)
    assert any("2,000億元" in line for line in lines)
    assert wrap("QE1 begins: up to $500B agency MBS", 12) == "QE1 begins:\nup to $500B\nagency MBS"


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="ab 12,.%$億美元聯準會（）、:", max_size=60),
    st.integers(min_value=2, max_value=40),
)
def test_wrap_fits_and_keeps_every_character(text, size):
    wrapped = wrap(text, size)
    assert all(width(line) <= size for line in wrapped.split("\n"))
    assert wrapped.replace("\n", "").replace(" ", "") == text.replace(" ", "")
