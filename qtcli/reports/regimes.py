"""`qt regimes`: the policy file as a table, JSON or CSV."""

from __future__ import annotations

from typing import Any

from .. import i18n
from ..model import MbsRule, PolicyFile, Regime, TreasuryRule
from ..output import Rendering, decimal_text

CSV_HEADER = (
    "id", "bank", "kind", "announced", "start", "end", "treasury_cap", "treasury_purchases",
    "mbs_cap", "mbs_reinvest_to", "mbs_reinvest_limit", "mbs_purchases", "confidence",
    "name_en", "name_zh_tw",
)  # fmt: skip


def as_dict(r: Regime) -> dict[str, Any]:
    return {
        "id": r.id,
        "bank": r.bank,
        "kind": r.kind,
        "name": r.name,
        "announced": r.announced,
        "start": r.start,
        "end": r.end,
        "treasuries": {"cap": r.treasuries.cap, "purchases": r.treasuries.purchases},
        "mbs": {
            "cap": "none" if r.mbs.cap is None else r.mbs.cap,
            "reinvest_to": r.mbs.reinvest_to,
            "reinvest_limit": r.mbs.reinvest_limit,
            "purchases": r.mbs.purchases,
        },
        "sources": list(r.sources),
        "confidence": r.confidence,
        "note": r.note,
    }


def json_obj(policy: PolicyFile) -> dict[str, Any]:
    return {
        "policies": policy.path,
        "units": "USD billions per month",
        "regimes": [as_dict(r) for r in policy.regimes],
    }


def csv_table(policy: PolicyFile) -> tuple[tuple[str, ...], list[list[Any]]]:
    rows = [
        [
            r.id,
            r.bank,
            r.kind,
            r.announced,
            r.start,
            r.end,
            r.treasuries.cap,
            r.treasuries.purchases,
            "none" if r.mbs.cap is None else r.mbs.cap,
            r.mbs.reinvest_to,
            r.mbs.reinvest_limit,
            r.mbs.purchases,
            r.confidence,
            r.name["en"],
            r.name["zh-TW"],
        ]  # fmt: skip
        for r in policy.regimes
    ]
    return CSV_HEADER, rows


def _tsy(rule: TreasuryRule, lang: str) -> str:
    parts = []
    if rule.cap:
        parts.append(("cap " if lang == "en" else "上限") + decimal_text(rule.cap))
    if rule.purchases:
        parts.append(("buy " if lang == "en" else "買") + decimal_text(rule.purchases))
    return ", ".join(parts) or ("roll over" if lang == "en" else "續作")


def _mbs(rule: MbsRule, lang: str) -> str:
    zh = lang == "zh-TW"
    parts = []
    if rule.cap is None:
        parts.append("all run off" if not zh else "全數到期不再投資")
    elif rule.cap:
        parts.append(("上限" if zh else "cap ") + decimal_text(rule.cap))
    if rule.cap != None and rule.reinvest_to != "mbs":  # noqa: E711
        limit = f" ≤{decimal_text(rule.reinvest_limit)}" if rule.reinvest_limit else ""
        target = (
            {"treasuries": "公債", "bills": "國庫券"}[rule.reinvest_to] if zh else rule.reinvest_to
        )
        parts.append(("再投資→" if zh else "→ ") + target + limit)
    if rule.purchases:
        parts.append(("買" if zh else "buy ") + decimal_text(rule.purchases))
    return ", ".join(parts) or ("reinvest" if not zh else "再投資")


def draw(policy: PolicyFile, lang: str):  # type: ignore[no-untyped-def]
    def table(console: Any) -> None:
        from .. import render

        m = i18n.msg
        columns: list[tuple[str, str] | tuple[str, str, bool]] = [
            (m("col.id", lang), "left", True),
            (m("col.kind", lang), "left", True),
            (m("col.months", lang), "left", True),
            (m("col.treasuries", lang), "left"),
            (m("col.mbs", lang), "left"),
        ]
        wide = console.width >= 110  # the name column only fits on a wide terminal
        if wide:
            columns.append((m("col.name", lang), "left"))
        rows = [
            [
                r.id + ("*" if r.confidence == "uncertain" else ""),
                r.kind,
                f"{r.start}–{r.end or m('now', lang)}",
                _tsy(r.treasuries, lang),
                _mbs(r.mbs, lang),
            ]
            + ([i18n.text(r.name, lang)] if wide else [])
            for r in policy.regimes
        ]
        console.print(
            render.table(
                columns,
                rows,
                title=_title(policy, lang, console.width),
                caption=m("regimes.caption", lang),
            )
        )

    return table


def rendering(policy: PolicyFile, lang: str) -> Rendering:
    return Rendering(lambda: json_obj(policy), lambda: csv_table(policy), draw(policy, lang))


def _title(policy: PolicyFile, lang: str, width: int) -> str:
    """The table's title, with the policy file's path shortened to fit the width."""
    from .. import render

    room = width - render.cells(i18n.msg("regimes.title", lang, path=""))
    return i18n.msg("regimes.title", lang, path=render.short_path(str(policy.path), room))
