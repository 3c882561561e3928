"""Fuzzing the loaders of users' files: they return a checked value or raise DataError, nothing else.

Two kinds of input for each loader (policies, events, maturities YAML and CSV, the scenarios
file of `qt compare`):

* **mutations of real files**: the shipped policies.yaml and events.yaml (and the test
  fixtures), with one to three lines changed to a hostile value, deleted, doubled or cut;
* **random documents**: the loader's own schema filled with wild values, and raw text.

A loaded value is then used the way the commands use it (month arithmetic, amounts in words,
JSON), so a value that passes the checks but breaks later is a failure too. The suite runs
``EXAMPLES`` per loader (QT_FUZZ_EXAMPLES overrides); ``bench/fuzz.py`` runs 10,000.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qtcli import compare, events, i18n, maturities, policies
from qtcli.errors import DataError
from qtcli.output import to_json
from qtcli.reports.history import amounts_text
from qtcli.yamlload import YamlFile

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLES = int(os.environ.get("QT_FUZZ_EXAMPLES", "250"))


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines(keepends=True)


def _events_sample() -> list[str]:
    """The head of the shipped events.yaml: its first dozen events (parsing all is slower)."""
    lines = _lines(REPO / "qtcli" / "events.yaml")
    starts = [i for i, line in enumerate(lines) if line.startswith("  - id:")]
    return lines[: starts[12]]


# The shipped files in full for bench/fuzz.py; smaller real files keep the suite fast.
SHIPPED = {
    "policies": _lines(REPO / "qtcli" / "policies.yaml"),
    "events": _lines(REPO / "qtcli" / "events.yaml"),
}
SAMPLES = {
    "policies": _lines(FIXTURES / "policies" / "valid.yaml"),
    "events": _events_sample(),
    "maturities-yaml": _lines(FIXTURES / "simulate" / "maturities.yaml"),
    "maturities-csv": _lines(FIXTURES / "simulate" / "maturities.csv"),
    "scenarios": [
        "version: 1\n",
        "scenarios:\n",
        "  caps-60-35:\n",
        "    label: caps $60B/$35B\n",
        "    options: --regime qt2-2022-09 --start 2025-04\n",
        "  fast:\n",
        "    options: --cpr 0.2 --mbs-cap 35 --label quick\n",
    ],
}

# ------------------------------------------------------------------------------ hostile values

WILD_SCALARS = [
    "1.0e+99999999", "-1.0e+99999999", "1e999999", "0x" + "f" * 300, "9" * 400, "-0", "0.0001",
    "100000.001", "-100001", ".nan", ".inf", "-.inf", "1_000", "0o777", "9999-12", "10000-01",
    "1899-12", "2200-12", "2201-01", "0000-00", "9999-12-31", "2022-02-30", "2022-13", "~",
    "null", "yes", "no", "true", "[]", "{}", "[1, [2, [3]]]", "{a: 1}", "''", '""', "'x'",
    "!!python/object:os.system ls", "!!binary aGVsbG8=", "*nothing", "&a [*a]", "<<: {x: 1}",
    '"\\e[2J\\e]0;pwned\\a"', '"\\x9b31m\\u202e"', '"\\0\\x7f"', "|\n  block\n  text",
    "💥", "聯準會", "-", "?", ":", "#", "%TAG ! x", "---", "...", "@", "`", "\t", "a: b: c",
]  # fmt: skip
wild_scalar = st.one_of(
    st.sampled_from(WILD_SCALARS),
    st.integers(-(10**30), 10**30).map(str),
    st.decimals(allow_nan=False, allow_infinity=False, places=4).map(str),
    st.text(max_size=20).map(lambda t: '"' + t.encode("unicode_escape").decode() + '"'),
)


def mutated(lines: list[str]) -> st.SearchStrategy[str]:
    """``lines`` with one to three hostile edits."""
    edit = st.tuples(
        st.sampled_from(["value", "value", "value", "delete", "double", "cut", "text"]),
        st.integers(0, len(lines) - 1),
        wild_scalar,
        st.text(max_size=30),
    )

    def apply(edits: list[tuple[str, int, str, str]]) -> str:
        out = list(lines)
        for kind, index, value, noise in edits:
            index %= len(out) or 1
            line = out[index] if out else ""
            if kind == "value" and ":" in line:
                key = line.split(":", 1)[0]
                out[index] = f"{key}: {value}\n"
            elif kind == "value" and "," in line:  # a CSV row
                out[index] = line.split(",", 1)[0] + "," + value.strip('"') + "\n"
            elif kind == "delete" and out:
                del out[index]
            elif kind == "double":
                out.insert(index, line)
            elif kind == "cut":
                out[index] = line[: len(line) // 2]
            else:
                out.insert(index, noise + "\n")
        return "".join(out)

    return st.lists(edit, min_size=1, max_size=3).map(apply)


# ------------------------------------------------------------------------------ random documents

MONTHS = st.one_of(st.sampled_from(["2022-06", "2025-04", "9999-12", "1900-01"]), wild_scalar)
DAYS = st.one_of(st.sampled_from(["2022-05-04", "2008-11-25", "2201-01-01"]), wild_scalar)
NUMBERS = st.one_of(st.sampled_from(["0", "30", "17.5", "0.054", "100000", "none"]), wild_scalar)
TEXTS = st.one_of(st.sampled_from(['"QE1"', '"聯準會縮表"']), wild_scalar)


def _maybe(fields: dict[str, st.SearchStrategy[str]]) -> st.SearchStrategy[str]:
    """A YAML mapping (flow style) with each field present or not, plus stray keys."""
    entries = [
        st.one_of(st.just(""), value.map(lambda v, k=key: f"{k}: {v}"))
        for key, value in fields.items()
    ]
    extra = st.lists(
        st.tuples(st.sampled_from(["x", "Name", "id", "version"]), wild_scalar), max_size=2
    )
    return st.tuples(st.tuples(*entries), extra).map(
        lambda parts: (
            "{" + ", ".join([p for p in parts[0] if p] + [f"{k}: {v}" for k, v in parts[1]]) + "}"
        )
    )


BILINGUAL = _maybe({"en": TEXTS, "zh-TW": TEXTS})
SOURCES = st.one_of(st.just('["https://www.federalreserve.gov/x"]'), wild_scalar)
REGIME = _maybe(
    {
        "id": st.one_of(st.just("qt2-2022-06"), wild_scalar),
        "bank": st.sampled_from(["fed", "cbc", "ecb"]),
        "kind": st.sampled_from(["qt", "qe", "rmp", "x"]),
        "name": BILINGUAL,
        "announced": DAYS,
        "start": MONTHS,
        "end": st.one_of(MONTHS, st.just("null")),
        "treasuries": _maybe({"cap": NUMBERS, "purchases": NUMBERS}),
        "mbs": _maybe(
            {
                "cap": NUMBERS,
                "reinvest_to": st.sampled_from(["mbs", "treasuries", "bills", "x"]),
                "reinvest_limit": NUMBERS,
                "purchases": NUMBERS,
            }
        ),
        "sources": SOURCES,
        "confidence": st.sampled_from(["verified", "uncertain", "sure"]),
    }
)
ASSUMPTION = _maybe({"value": NUMBERS, "why": TEXTS, "unit": TEXTS})
AMOUNT_KEYS = st.sampled_from([*events.AMOUNTS, "bogus"])
EVENT = _maybe(
    {
        "id": st.one_of(st.just("fed-qe1"), wild_scalar),
        "date": DAYS,
        "effective": st.one_of(DAYS, MONTHS),
        "bank": st.sampled_from(["fed", "cbc", "x"]),
        "kind": st.sampled_from(["qe", "qt", "rate", "x"]),
        "title": BILINGUAL,
        "amounts": st.lists(st.tuples(AMOUNT_KEYS, NUMBERS), max_size=4).map(
            lambda kv: "{" + ", ".join(f"{k}: {v}" for k, v in kv) + "}"
        ),
        "sources": SOURCES,
        "confidence": st.sampled_from(["verified", "derived", "x"]),
        "note": BILINGUAL,
    }
)


def _document(body: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        body, st.text(max_size=200), st.binary(max_size=100).map(lambda b: b.decode("latin-1"))
    )


RANDOM = {
    "policies": _document(
        st.tuples(ASSUMPTION, ASSUMPTION, st.lists(REGIME, max_size=4)).map(
            lambda p: (
                f"version: 1\nassumptions: {{mbs_cpr: {p[0]}, mbs_amortization: {p[1]}}}\n"
                + "regimes:\n"
                + ("".join(f"  - {r}\n" for r in p[2]) or "  []\n")
            )
        )
    ),
    "events": _document(
        st.lists(EVENT, max_size=4).map(
            lambda es: "version: 1\nevents:\n" + ("".join(f"  - {e}\n" for e in es) or "  []\n")
        )
    ),
    "maturities-yaml": _document(
        st.lists(st.tuples(MONTHS, NUMBERS), max_size=5).map(
            lambda kv: "treasury_maturities:\n" + "".join(f"  {k}: {v}\n" for k, v in kv)
        )
    ),
    "maturities-csv": _document(
        st.lists(st.tuples(MONTHS, NUMBERS), max_size=5).map(
            lambda kv: "month,amount\n" + "".join(f"{k},{v}\n".replace('"', "") for k, v in kv)
        )
    ),
    "scenarios": _document(
        st.lists(
            st.tuples(
                st.one_of(st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True), wild_scalar),
                _maybe(
                    {
                        "label": TEXTS,
                        "options": st.lists(
                            st.tuples(
                                st.sampled_from(
                                    ["--cpr", "--mbs-cap", "--start", "--label", "--regime", "'"]
                                ),
                                wild_scalar,
                            ),
                            max_size=3,
                        ).map(
                            lambda kv: (
                                '"' + " ".join(f"{k} {v}" for k, v in kv).replace('"', "") + '"'
                            )
                        ),
                    }
                ),
            ),
            max_size=4,
            unique_by=lambda kv: kv[0],
        ).map(
            lambda kv: (
                "version: 1\nscenarios:\n" + ("".join(f"  {k}: {v}\n" for k, v in kv) or "  {}\n")
            )
        )
    ),
}


# ------------------------------------------------------------------------------ the targets


def _use_policies(file: YamlFile) -> None:
    found = policies.check(file)
    for regime in found.regimes:
        (regime.start + 600).first_day()
        (regime.end or regime.start).first_day()
        for amount in (regime.treasuries.cap, regime.mbs.cap, regime.mbs.purchases):
            if amount is not None:
                i18n.usd_billions(amount, "zh-TW")
    to_json({"regimes": [r.name for r in found.regimes]})


def _use_events(file: YamlFile) -> None:
    for event in events.check(file):
        for lang in ("en", "zh-TW"):
            amounts_text(dict(event.amounts), lang)
        to_json({"title": event.title, "amounts": dict(event.amounts)})


def _use_maturities(suffix: str) -> Callable[[str], None]:
    def use(text: str) -> None:
        with tempfile.NamedTemporaryFile("w", suffix=suffix, encoding="utf-8", delete=False) as f:
            f.write(text)
        try:
            for month, amount in maturities.load(Path(f.name)).items():
                (month + 600).first_day()
                i18n.usd_billions(amount, "en")
        finally:
            os.unlink(f.name)

    return use


def _use_scenarios(text: str) -> None:
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", encoding="utf-8", delete=False) as f:
        f.write(text)
    try:
        named = compare.load(Path(f.name))
        if compare.FEWEST <= len(named) <= compare.MOST:
            for spec in compare.specs(list(named), Path(f.name)):
                assert spec.label and spec.path == f.name
                to_json({"label": spec.label, "options": spec.options})
    finally:
        os.unlink(f.name)


TARGETS: dict[str, Callable[[str], None]] = {
    "policies": lambda text: _use_policies(YamlFile("fuzz.yaml", text)),
    "events": lambda text: _use_events(YamlFile("fuzz.yaml", text)),
    "maturities-yaml": _use_maturities(".yaml"),
    "maturities-csv": _use_maturities(".csv"),
    "scenarios": _use_scenarios,
}


def check_one(loader: str, text: str) -> bool:
    """The contract: a checked value (True), or a DataError whose message is one short line."""
    text = text.replace("\x00", "")  # a NUL cannot be written by hand; the reader refuses it anyway
    try:
        TARGETS[loader](text)
    except DataError as exc:
        assert "\n" not in exc.message
        assert len(str(exc)) < 3000
        return False
    return True


def strategy(loader: str, shipped: bool = False) -> st.SearchStrategy[str]:
    """Mutations of a real file of ``loader``'s kind, or a random document of it."""
    bases = [SAMPLES[loader]] + ([SHIPPED[loader]] if shipped and loader in SHIPPED else [])
    return st.one_of(*(mutated(lines) for lines in bases), RANDOM[loader])


SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.mark.parametrize("loader", sorted(TARGETS))
def test_loader_never_raises_anything_but_data_error(loader):
    @SETTINGS
    @given(strategy(loader))
    def run(text: str) -> None:
        check_one(loader, text)

    run()


ACCEPTED_CAPS = {"-0": Decimal(0), "1_000": Decimal(1000), "0o777": Decimal(511)}


def test_every_hostile_value_is_refused_as_a_cap():
    """The values the mutations use reach the field checks and are refused, one line each."""
    for value in WILD_SCALARS:
        text = "".join(SAMPLES["policies"]).replace("cap: 30}", f"cap: {value}}}", 1)
        try:
            found = policies.check(YamlFile("fuzz.yaml", text))
        except DataError as exc:
            assert "\n" not in str(exc), value
            continue
        assert found.regimes[0].treasuries.cap == ACCEPTED_CAPS.get(value), value


def test_an_id_with_a_newline_is_quoted_in_one_line():
    """Found by the fuzz: an unchecked id named the event in every message about it."""
    text = "".join(SAMPLES["events"]).replace("id: cbc-rrr-2008-09-16", 'id: "a\\nb"', 1)
    with pytest.raises(DataError) as info:
        events.check(YamlFile("fuzz.yaml", text))
    assert "event 'a\\nb': id has an unexpected form" in str(info.value)
