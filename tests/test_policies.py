"""The policy-file loader (qtcli.policies on qtcli.yamlload) and the bad-input corpus.

Every file in tests/fixtures/policies/ except valid.yaml is valid.yaml with one defect (its
first line says which, and where). The corpus below gives, by hand, the line each defect is on
and a distinctive part of the message; each case is checked three ways: the loader
(``policies.load``), ``qt validate FILE`` and ``qt regimes --policies FILE``.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qtcli import policies
from qtcli.checker import DataErrors
from qtcli.errors import DataError
from qtcli.model import Month
from qtcli.yamlload import YamlFile

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "policies"
VALID = FIXTURES / "valid.yaml"

# kind -> (line of the defect, distinctive part of the message). Written by hand from the
# fixture files; see each file's first line.
CORPUS = [
    pytest.param("yaml_syntax", 24, "invalid YAML", id="yaml_syntax"),
    pytest.param(
        "wrong_type", 38, "treasuries.cap must be a number >= 0, got 'sixty'", id="wrong_type"
    ),
    pytest.param(
        "negative_amount", 39, "mbs.cap must be a number >= 0, got -35", id="negative_amount"
    ),
    pytest.param("infinite_amount", 23, ".inf is not a finite number", id="infinite_amount"),
    pytest.param("nan_amount", 57, ".nan is not a finite number", id="nan_amount"),
    pytest.param(
        "unknown_key", 56, "unknown key 'purchase' (did you mean 'purchases'?)", id="unknown_key"
    ),
    pytest.param(
        "missing_field",
        29,
        "missing required key 'confidence'",
        id="missing_field",
    ),
    pytest.param(
        "end_before_start", 37, "end 2022-05 is before start 2022-09", id="end_before_start"
    ),
    pytest.param("overlap", 47, "overlaps regime 'qt2-2022-09'", id="overlap"),
    pytest.param("duplicate_id", 47, "duplicate regime id 'qt2-2022-09'", id="duplicate_id"),
    pytest.param("impossible_date", 35, "2022-02-30 is not a real date", id="impossible_date"),
    pytest.param("impossible_month", 21, "2022-13 is not a real month", id="impossible_month"),
    pytest.param(
        "unparseable_date",
        20,
        "must be a date YYYY-MM-DD, got 'May 4, 2022'",
        id="unparseable_date",
    ),
    pytest.param(
        "python_tag", 41, "tag !!python/object/apply:os.system is not allowed", id="python_tag"
    ),
    pytest.param("empty", 1, "file is empty", id="empty"),
    pytest.param("comments_only", 1, "file is empty", id="comments_only"),
    pytest.param("not_utf8", 44, "not UTF-8 text (byte 0xe9)", id="not_utf8"),
    pytest.param("alias_bomb", 62, "too many values", id="alias_bomb"),
    pytest.param("duplicate_key", 28, "duplicate key 'end'", id="duplicate_key"),
    pytest.param("merge_key", 38, "merge", id="merge_key"),
]


def fixture(kind: str) -> Path:
    return FIXTURES / f"{kind}.yaml"


def assert_clean_exit(result, code: int) -> None:  # type: ignore[no-untyped-def]
    """The command ended through sys.exit with ``code``: no exception escaped, no traceback."""
    assert isinstance(result.exception, (SystemExit, type(None))), repr(result.exception)
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert "Traceback" not in result.stdout


# -------------------------------------------------------------------------------------- the corpus


def test_every_failure_kind_has_its_fixture():
    kinds = {p.values[0] for p in CORPUS}
    on_disk = {p.stem for p in FIXTURES.glob("*.yaml")} - {"valid", "three_problems"}
    assert kinds == on_disk


def test_the_base_of_the_corpus_is_valid():
    policy = policies.load(VALID)
    assert [r.id for r in policy.regimes] == ["qt2-2022-06", "qt2-2022-09", "qt2-2024-06"]


@pytest.mark.parametrize(("kind", "line", "fragment"), CORPUS)
def test_loader_rejects(kind, line, fragment):
    path = fixture(kind)
    with pytest.raises(DataError) as info:
        policies.load(path)
    err = info.value
    assert err.path == str(path)
    assert err.line == line
    assert fragment in err.message
    text = str(err)
    assert "\n" not in text
    assert text.startswith(f"{path}:{line}: ")


@pytest.mark.parametrize(("kind", "line", "fragment"), CORPUS)
def test_validate_reports_the_one_problem(invoke, kind, line, fragment):
    path = fixture(kind)
    result = invoke(["validate", path])
    assert_clean_exit(result, 1)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert f"{path}:{line}: " in lines[0]
    assert fragment in lines[0]


@pytest.mark.parametrize(("kind", "line", "fragment"), CORPUS)
def test_regimes_refuses_the_file(invoke, kind, line, fragment):
    path = fixture(kind)
    result = invoke(["regimes", "--policies", path])
    assert_clean_exit(result, 1)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"qt: error: {path}:{line}: ")
    assert fragment in lines[0]


# A real process for a few kinds (each costs a Python start-up).
PROCESS_KINDS = {"yaml_syntax", "python_tag", "not_utf8", "duplicate_key", "missing_field"}


@pytest.mark.parametrize(
    ("kind", "line", "fragment"), [p for p in CORPUS if p.values[0] in PROCESS_KINDS]
)
def test_a_real_process_prints_one_line_and_no_traceback(run_qt, kind, line, fragment):
    path = fixture(kind)
    proc = run_qt(["validate", path])
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    assert f"{path}:{line}: " in lines[0]
    assert fragment in lines[0]


# -------------------------------------------------------------------------------- several problems


def test_all_problems_are_collected():
    path = fixture("three_problems")
    with pytest.raises(DataError) as info:
        policies.load(path)
    errors = info.value.errors  # type: ignore[attr-defined]
    assert [e.line for e in errors] == [23, 35, 56]
    assert "treasuries.cap must be a number >= 0, got -30" in errors[0].message
    assert "2022-02-30 is not a real date" in errors[1].message
    assert "unknown key 'purchase'" in errors[2].message
    # str() is the first problem and a pointer to the others, still on one line
    assert str(info.value) == (
        f"{path}:23: regime 'qt2-2022-06': treasuries.cap must be a number >= 0, got -30"
        " (and 2 more problems; run 'qt validate')"
    )


def test_the_loader_keeps_every_problem():
    with pytest.raises(DataErrors) as info:
        policies.load(fixture("three_problems"))
    assert [e.line for e in info.value.errors] == [23, 35, 56]


# --------------------------------------------------------------------------------- the values read


def test_valid_file_values():
    policy = policies.load(VALID)
    assert policy.path == str(VALID)
    assert policy.assumptions.mbs_cpr.value == Decimal("0.054")
    assert policy.assumptions.mbs_amortization.value == Decimal("0.0025")
    first, second, third = policy.regimes
    assert first.id == "qt2-2022-06"
    assert first.bank == "fed"
    assert first.kind == "qt"
    assert first.announced == dt.date(2022, 5, 4)
    assert first.start == Month(2022, 6)
    assert first.end == Month(2022, 8)
    assert first.treasuries.cap == Decimal("30")
    assert first.treasuries.purchases == Decimal("0")
    assert first.mbs.cap == Decimal("17.5")
    assert first.mbs.reinvest_to == "mbs"
    assert first.mbs.reinvest_limit is None
    assert first.confidence == "verified"
    assert first.note is None
    assert first.name == {
        "en": "QT2 begins: caps $30B Treasuries + $17.5B MBS",
        "zh-TW": "QT2開始：上限公債300億+MBS 175億美元",
    }
    assert first.sources == (
        "https://econoday.com/articles/recap-of-changes-in-feds-program-to-reduce-reserve-holdings",
    )
    assert first.line == 14
    assert second.note == {
        "en": "The combined cap of $95B a month was the maximum pace.",
        "zh-TW": "合計每月950億美元是最高速度。",
    }
    assert third.end is None
    assert third.mbs.reinvest_to == "treasuries"
    assert third.mbs.reinvest_limit == Decimal("20")
    assert third.confidence == "uncertain"


def test_amounts_are_decimals_never_floats():
    policy = policies.load(VALID)
    amounts = [policy.assumptions.mbs_cpr.value, policy.assumptions.mbs_amortization.value]
    for r in policy.regimes:
        amounts += [r.treasuries.cap, r.treasuries.purchases, r.mbs.cap, r.mbs.purchases]
    assert all(type(a) is Decimal for a in amounts)
    # 0.054 read as a float would be 0.05399999999999999994...
    assert str(policy.assumptions.mbs_cpr.value) == "0.054"


def write_variant(tmp_path: Path, replacements: dict[int, tuple[str, str]]) -> Path:
    """valid.yaml with the given lines (1-based) changed: {line: (old, new)}."""
    lines = VALID.read_text(encoding="utf-8").splitlines(keepends=True)
    for number, (old, new) in replacements.items():
        assert old in lines[number - 1], lines[number - 1]
        lines[number - 1] = lines[number - 1].replace(old, new)
    path = tmp_path / "variant.yaml"
    path.write_text("".join(lines), encoding="utf-8")
    return path


def test_mbs_cap_none_means_no_reinvestment(tmp_path):
    path = write_variant(tmp_path, {24: ("{cap: 17.5,", "{cap: none,")})
    assert policies.load(path).regimes[0].mbs.cap is None


@pytest.mark.parametrize(
    ("line", "old", "new", "fragment"),
    [
        (23, "{cap: 30}", "{cap: none}", "treasuries.cap must be a number >= 0, got 'none'"),
        (23, "{cap: 30}", '{cap: "30"}', "treasuries.cap must be a number >= 0, got '30'"),
        (23, "{cap: 30}", "{cap: yes}", "treasuries.cap must be a number >= 0, got true"),
        (24, "{cap: 17.5,", "{cap: lots,", "mbs.cap must be a number >= 0 or 'none', got 'lots'"),
        (
            24,
            "reinvest_to: mbs",
            "reinvest_to: stocks",
            "mbs.reinvest_to must be one of mbs, treasuries, bills",
        ),
        (16, "kind: qt", "kind: qe4", "kind must be one of"),
        (15, "bank: fed", "bank: ecb", "bank must be one of"),
        (14, "id: qt2-2022-06", "id: QT2 June", "id has an unexpected form"),
        (20, "2022-05-04", "2022-07-01", "announced 2022-07-01 is after the start month 2022-06"),
        (21, "2022-06", "2022-06-01", "start must be a month YYYY-MM"),
        (26, "- https://econoday", "- ftp://econoday", "sources entry has an unexpected form"),
        (
            27,
            "verified",
            "sure",
            "confidence must be one of verified, secondary, derived, uncertain",
        ),
        (2, "version: 1", "version: 2", "version must be 1"),
        (6, "0.054", "5.4", "mbs_cpr.value must be between 0 and 1"),
    ],
)
def test_more_bad_values(tmp_path, line, old, new, fragment):
    path = write_variant(tmp_path, {line: (old, new)})
    with pytest.raises(DataError) as info:
        policies.load(path)
    assert info.value.line == line
    assert fragment in info.value.message
    assert "\n" not in str(info.value)


# ----------------------------------------------------------------------- where the file comes from


def test_the_shipped_file_is_the_top_level_policies_yaml():
    packaged = REPO / "qtcli" / "policies.yaml"
    assert packaged.is_symlink()
    assert packaged.resolve() == (REPO / "policies.yaml").resolve()
    assert policies.default_path().resolve() == (REPO / "policies.yaml").resolve()


def test_the_shipped_file_loads():
    policy = policies.load(REPO / "policies.yaml")
    assert len(policy.regimes) >= 30
    assert {r.bank for r in policy.regimes} == {"fed"}
    assert all(type(r.treasuries.cap) is Decimal for r in policy.regimes)


def test_load_without_a_path_uses_QT_POLICIES_then_the_shipped_file(monkeypatch):
    monkeypatch.setenv("QT_POLICIES", str(VALID))
    assert policies.load().path == str(VALID)
    assert len(policies.load().regimes) == 3
    monkeypatch.delenv("QT_POLICIES")
    assert Path(policies.load().path).resolve() == (REPO / "policies.yaml").resolve()


def test_an_explicit_path_beats_QT_POLICIES(monkeypatch):
    monkeypatch.setenv("QT_POLICIES", str(fixture("wrong_type")))
    assert len(policies.load(VALID).regimes) == 3


@pytest.mark.parametrize(
    ("make", "fragment"),
    [
        (lambda d: d / "missing.yaml", "no such file"),
        (lambda d: d, "is a directory"),
    ],
    ids=["missing", "directory"],
)
def test_unreadable_paths(tmp_path, make, fragment):
    path = make(tmp_path)
    with pytest.raises(DataError) as info:
        policies.load(path)
    assert str(info.value) == f"{path}: {info.value.message}"
    assert fragment in info.value.message


def test_a_byte_order_mark_is_allowed(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + VALID.read_bytes())
    assert len(policies.load(path).regimes) == 3


# ----------------------------------------------------------------- regressions (bugs found and fixed)


def test_merge_key_message_says_merge_key():
    with pytest.raises(DataError) as info:
        policies.load(fixture("merge_key"))
    assert "merge keys (<<) are not allowed" in info.value.message


def test_a_typo_in_a_required_key_gets_a_did_you_mean(tmp_path):
    path = write_variant(tmp_path, {42: ("confidence:", "confidance:")})
    with pytest.raises(DataError) as info:
        policies.load(path)
    assert "did you mean 'confidence'" in str(info.value)
    assert "\n" not in str(info.value)


def test_an_unknown_key_is_reported_on_its_own_line(tmp_path):
    path = write_variant(tmp_path, {43: ("note:", "noet:")})  # its value starts on line 44
    with pytest.raises(DataError) as info:
        policies.load(path)
    assert "unknown key 'noet' (did you mean 'note'?)" in info.value.message
    assert info.value.line == 43


def test_a_control_character_gives_one_line_with_its_line_number(tmp_path):
    path = write_variant(tmp_path, {44: ("maximum pace.", "maximum\x07pace.")})
    with pytest.raises(DataError) as info:
        policies.load(path)
    assert "\n" not in str(info.value)
    assert info.value.line == 44


def test_deep_nesting_is_refused_not_a_crash(run_qt, tmp_path):
    path = tmp_path / "deep.yaml"
    path.write_text("a: " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    proc = run_qt(["validate", path])  # a real process: a crash must not take pytest with it
    assert proc.returncode == 1, proc.returncode
    assert proc.stdout == ""
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    assert f"{path}:1: " in lines[0]


def test_deleting_any_one_line_never_crashes(tmp_path):
    """Every one-line deletion of valid.yaml loads or fails with one file:line message."""
    lines = VALID.read_text(encoding="utf-8").splitlines(keepends=True)
    path = tmp_path / "cut.yaml"
    crashes = []
    for index in range(len(lines)):
        path.write_text("".join(lines[:index] + lines[index + 1 :]), encoding="utf-8")
        try:
            policies.load(path)
        except DataError as err:
            assert "\n" not in str(err)
            assert re.match(rf"{re.escape(str(path))}:\d+: ", str(err)), str(err)
        except Exception as exc:  # noqa: BLE001 - any other exception is the failure
            crashes.append((index + 1, type(exc).__name__))
    assert crashes == []


# --------------------------------------------------------------------------------- any text at all

TOKENS = [
    "version: 1\n", "assumptions:\n", "regimes:\n", "  - id: a\n", "    start: 2022-06\n",
    "    end: 2022-01\n", "    treasuries: {cap: 5}\n", "    mbs: {cap: none, reinvest_to: mbs}\n",
    "  mbs_cpr: {value: 0.05, why: x}\n", "- ", ": ", "[", "]", "{", "}", "&a ", "*a", "!!str ",
    "<<: *a\n", "'", '"', "#", "\n", "  ", "-1", ".inf", "~", "yes", "2025-02-30", "\u00e9",
]  # fmt: skip
YAMLISH = st.lists(st.sampled_from(TOKENS), max_size=40).map("".join)
# Printable text: control characters are a known bug (see above).
TEXT = st.text(
    st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\ufeff") | st.just("\n")
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(YAMLISH, TEXT))
def test_any_text_reads_or_fails_with_one_line(text):
    """The YAML layer: any text gives values or one DataError line naming the file."""
    try:
        YamlFile("fuzz.yaml", text=text)
    except DataError as err:
        assert "\n" not in str(err)
        assert str(err).startswith("fuzz.yaml")


HEAD = VALID.read_text(encoding="utf-8").split("regimes:\n")[0] + "regimes:\n"
REGIME_LINES = [
    "  - id: qt9\n", "    bank: fed\n", "    kind: qt\n", '    name: {en: "a", zh-TW: "b"}\n',
    "    announced: 2022-05-04\n", "    start: 2022-06\n", "    end: 2022-08\n", "    end: null\n",
    "    treasuries: {cap: 30}\n", "    mbs: {cap: 17.5, reinvest_to: mbs}\n",
    "    sources: [https://example.org/]\n", "    confidence: verified\n", "    start: 2022-01\n",
    "    mbs: {cap: none, reinvest_to: bills, reinvest_limit: 3}\n", "    note: {en: x}\n",
]  # fmt: skip


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.lists(st.sampled_from(REGIME_LINES), max_size=30).map("".join))
def test_any_regimes_list_loads_or_fails_with_one_line(body):
    """The policy layer: valid assumptions, then regimes made of random lines."""
    try:
        policies.check(YamlFile("fuzz.yaml", text=HEAD + body))
    except DataError as err:
        assert "\n" not in str(err)
        assert re.match(r"fuzz\.yaml:\d+: ", str(err)), str(err)
