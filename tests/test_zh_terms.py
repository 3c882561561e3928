"""zh-TW wording: one Taiwan term per concept in every zh-TW text qt ships.

The texts: the explain topics (qtcli/explain/zh-TW.yaml), the zh-TW titles, names and notes
of events.yaml and policies.yaml, and the zh-TW side of the message catalogue (qtcli.i18n).
Each rule names the forms that must not appear and the one form to write instead.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from qtcli import i18n

ROOT = Path(__file__).resolve().parent.parent

# (forms not to write, the form to write), one concept per row.
TERMS: list[tuple[tuple[str, ...], str]] = [
    # Z2: mortgage-backed securities
    (("房貸擔保證券", "抵押擔保證券", "抵押擔保債券", "抵押貸款支持證券", "抵押證券"), "不動產抵押貸款證券"),
    # Z3: the New York Fed (紐約聯準銀行 only as a short form after the full name; see below)
    (("紐約聯準會", "紐約聯儲", "紐約聯邦儲備銀行"), "紐約聯邦準備銀行"),
    # The Fed itself
    (("美聯儲", "聯儲局", "美聯準", "聯邦儲備"), "聯準會"),
    # Z4: asset purchases are bought, not acquired
    (("收購",), "購買"),
    # Z5: reserve requirement changes, not the mainland shorthand
    (("降準",), "調降存款準備率"),
    (("升準",), "調升存款準備率"),
    # Z6: runoff means principal that is not reinvested
    (("不再買回", "不再投資", "不再續買"), "不再再投資"),
    # Rolling over maturing Treasuries at auction
    (("續作", "續買"), "展期"),
    # Mainland and Hong Kong forms of other terms
    (("國債",), "公債"),
    (("通脹",), "通膨"),
    (("加息",), "升息"),
    (("收益率",), "殖利率"),
    (("萬億",), "兆"),
]
FULL_NY_FED, SHORT_NY_FED = "紐約聯邦準備銀行", "紐約聯準銀行"
# Z1: a count of 億 with four digits or more is grouped: 2,000億, never 2000億.
UNGROUPED_YI = re.compile(r"(?<![\d,.])\d{4,}(?:\.\d+)?億")


def _strings(node: object) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for value in node.values() for s in _strings(value)]
    if isinstance(node, list):
        return [s for value in node for s in _strings(value)]
    return []


def _zh_fields(node: object) -> list[str]:
    """Every string under a 'zh-TW' key, anywhere in a YAML document."""
    if isinstance(node, dict):
        found = _strings(node["zh-TW"]) if "zh-TW" in node else []
        return found + [s for k, v in node.items() if k != "zh-TW" for s in _zh_fields(v)]
    if isinstance(node, list):
        return [s for value in node for s in _zh_fields(value)]
    return []


def _load(path: Path) -> object:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def zh_texts() -> dict[str, list[str]]:
    explain = _load(ROOT / "qtcli" / "explain" / "zh-TW.yaml")
    assert isinstance(explain, dict)
    return {
        "explain/zh-TW.yaml": _strings(explain["topics"]),
        "events.yaml": _zh_fields(_load(ROOT / "events.yaml")),
        "policies.yaml": _zh_fields(_load(ROOT / "policies.yaml")),
        "i18n.MESSAGES": [pair["zh-TW"] for pair in i18n.MESSAGES.values()],
    }


TEXTS = zh_texts()


def test_every_source_of_zh_text_is_read():
    for where, texts in TEXTS.items():
        assert len(texts) > 20, where  # not an empty or mis-parsed file


@pytest.mark.parametrize("where", sorted(TEXTS))
def test_no_banned_term(where):
    problems = [
        f"{banned!r} in {text[:40]!r} (write {preferred!r})"
        for text in TEXTS[where]
        for forms, preferred in TERMS
        for banned in forms
        if banned in text
    ]
    assert problems == [], where


@pytest.mark.parametrize("where", sorted(TEXTS))
def test_new_york_fed_short_form_only_after_the_full_name(where):
    for text in TEXTS[where]:
        short = text.find(SHORT_NY_FED)
        if short >= 0:
            full = text.find(FULL_NY_FED)
            assert 0 <= full < short, text


@pytest.mark.parametrize("where", sorted(TEXTS))
def test_counts_of_yi_are_grouped_by_thousands(where):
    bad = [m.group() for text in TEXTS[where] for m in UNGROUPED_YI.finditer(text)]
    assert bad == [], where


def test_the_preferred_terms_are_the_ones_in_use():
    everything = "\n".join(t for texts in TEXTS.values() for t in texts)
    for _, preferred in TERMS:
        assert preferred in everything, preferred
    # The one MBS term is the one the explain text defines.
    assert "不動產抵押貸款證券（MBS）" in "\n".join(TEXTS["explain/zh-TW.yaml"])


@pytest.mark.parametrize(
    "text, rule",
    [
        ("聯準會收購公債", "收購"),
        ("央行宣布降準", "降準"),
        ("MBS 還本不再買回", "不再買回"),
        ("機構房貸擔保證券", "房貸擔保證券"),
        ("每月2000億美元", "2000億"),
        ("紐約聯準銀行表示", SHORT_NY_FED),
    ],
)
def test_the_checks_catch_each_kind_of_slip(text, rule):
    """The checks above would fail on a text that breaks a rule (so they test something)."""
    banned = any(b in text for forms, _ in TERMS for b in forms)
    ungrouped = bool(UNGROUPED_YI.search(text))
    short_first = SHORT_NY_FED in text and FULL_NY_FED not in text
    assert banned or ungrouped or short_first, rule
