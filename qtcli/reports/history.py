"""`qt history`: the timeline as a table (80 columns and up), JSON or CSV."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from .. import i18n, wrapping
from ..events import AMOUNTS
from ..history import Entry
from ..output import Rendering, decimal_text
from ..wrapping import cells

KEYS = (
    "id", "date", "effective", "bank", "kind", "title", "amounts", "sources", "confidence",
    "total_assets", "note",
)  # fmt: skip
# Below this width the amounts go under the title instead of in a column of their own.
WIDE = 100


def as_dict(entry: Entry, lang: str) -> dict[str, Any]:
    e = entry.event
    return {
        "id": e.id,
        "date": e.date,
        "effective": e.effective,
        "bank": e.bank,
        "kind": e.kind,
        "title": i18n.text(e.title, lang),
        "amounts": dict(e.amounts),
        "sources": list(e.sources),
        "confidence": e.confidence,
        "total_assets": entry.total_assets,
        "note": i18n.text(e.note, lang) or None,
    }


def json_obj(entries: Sequence[Entry], lang: str) -> dict[str, Any]:
    return {"events": [as_dict(x, lang) for x in entries], "count": len(entries)}


def csv_table(entries: Sequence[Entry], lang: str) -> tuple[tuple[str, ...], list[list[Any]]]:
    return KEYS, [[d[k] for k in KEYS] for d in (as_dict(x, lang) for x in entries)]


# ------------------------------------------------------------------ words for the table


def usd(amount: Decimal, lang: str) -> str:
    """i18n.usd_billions, with Taiwan's grouping of four-digit 億 figures (5,000億美元)."""
    text = i18n.usd_billions(amount, lang)
    return re.sub(r"^(-?\d)(\d{3})(?=億)", r"\1,\2", text) if lang == "zh-TW" else text


def ntd(amount: Decimal, lang: str) -> str:
    """NT$ billions: NT$200B, or 新台幣2,000億元 / 新台幣1.2兆元."""
    if lang != "zh-TW":
        return f"NT${decimal_text(amount)}B"
    if amount >= 1000:
        return f"新台幣{decimal_text(amount / 1000)}兆元"
    yi = amount * 10
    digits = f"{int(yi):,}" if yi == yi.to_integral_value() else decimal_text(yi)
    return f"新台幣{digits}億元"


def _signed(value: Decimal) -> str:
    return ("+" if value > 0 else "") + decimal_text(value)


def _change(value: Decimal, unit: str, lang: str) -> str:
    """A change in bp or pp: +12.5bp / 升12.5個基點."""
    if lang != "zh-TW":
        return f"{_signed(value)}{unit}" if value else "unchanged"
    if not value:
        return "不變"
    words = "個基點" if unit == "bp" else "個百分點"
    return f"{'升' if value > 0 else '降'}{decimal_text(abs(value))}{words}"


def amount_value(key: str, value: Decimal, lang: str, amounts: dict[str, Decimal]) -> str:
    unit = AMOUNTS[key]
    zh = lang == "zh-TW"
    if unit == "usd":
        text = usd(value, lang)
        return ("+" + text if value > 0 else text) if key == "change_busd" else text
    if unit == "usd/mo":
        return f"每月{usd(value, lang)}" if zh else f"{usd(value, lang)}/mo"
    if unit == "pct":
        text = f"{decimal_text(value)}%"
        if key == "policy_rate" and "policy_rate_low" in amounts:  # a range: 3.75-4.00%
            low, top = i18n.rounded(amounts["policy_rate_low"], 2), i18n.rounded(value, 2)
            text = f"{low}%-{top}%" if zh else f"{low}-{top}%"
        if key == "policy_rate" and "rate_change_bp" in amounts:
            change = _change(amounts["rate_change_bp"], "bp", lang)
            text += f"（{change}）" if zh else f" ({change})"
        return text
    if unit in ("bp", "pp"):
        return _change(value, unit, lang)
    return ntd(value, lang)


def amounts_text(amounts: dict[str, Decimal], lang: str) -> str:
    """Every amount in a few words: "MBS $500B, agency debt $100B" or "MBS 5,000億美元、…"."""
    parts = []
    for key, value in amounts.items():
        if key in ("rate_change_bp", "policy_rate_low") and "policy_rate" in amounts:
            continue  # shown with the rate
        label = i18n.msg(f"amount.{key}", lang)
        shown = amount_value(key, value, lang, amounts)
        parts.append(f"{label} {shown}" if label else shown)
    return ("、" if lang == "zh-TW" else ", ").join(parts)


def _date_cell(entry: Entry) -> str:
    e = entry.event
    return e.date.isoformat() + (f"\n→{e.effective}" if e.effective else "")


def _title(entry: Entry, lang: str) -> str:
    e = entry.event
    mark = i18n.msg("history.uncertain", lang) if e.confidence == "uncertain" else ""
    return i18n.text(e.title, lang) + mark


def wrap(text: str, width: int) -> str:
    """``text`` in lines of at most ``width`` cells, as one cell's text."""
    return "\n".join(wrapping.wrap(text, width))


def _widest(texts: Sequence[str]) -> int:
    return max((cells(line) for text in texts for line in text.split("\n")), default=0)


def draw(entries: Sequence[Entry], lang: str, sources: bool = False) -> Callable[[Any], None]:
    def table(console: Any) -> None:
        from .. import render

        m = i18n.msg
        if not entries:
            console.print(render.text(m("history.none", lang)))
            return
        wide = console.width >= WIDE
        fixed = {
            "date": [_date_cell(x) for x in entries],
            "bank": [m(f"bank.{x.event.bank}", lang) for x in entries],
            "kind": [m(f"kind.{x.event.kind}", lang) for x in entries],
            "assets": [
                "" if x.total_assets is None else usd(x.total_assets, lang) for x in entries
            ],
        }
        headers = {key: m(f"history.col.{key}", lang) for key in (*fixed, "what", "amounts")}
        titles = [_title(x, lang) for x in entries]
        money = [amounts_text(x.event.amounts, lang) for x in entries]
        # What the date, bank, kind and assets columns leave; 3 cells between two columns.
        room = console.width - sum(_widest([headers[k], *v]) for k, v in fixed.items())
        room -= 3 * (len(fixed) + (1 if wide else 0))
        if wide:
            money_width = min(_widest([headers["amounts"], *money]), room * 2 // 5)
            what = [wrap(t, room - money_width) for t in titles]
            money = [wrap(t, money_width) for t in money]
        else:
            what = [
                wrap(t + ("\n" + a if a else ""), room) for t, a in zip(titles, money, strict=True)
            ]
        columns: list[tuple[str, str] | tuple[str, str, bool]] = [
            (headers["date"], "left", True),
            (headers["bank"], "left", True),
            (headers["kind"], "left", True),
            (headers["what"], "left"),
        ]
        columns += [(headers["amounts"], "left")] if wide else []
        columns += [(headers["assets"], "right", True)]
        rows = [
            [d, b, k, w, *([a] if wide else []), t]
            for d, b, k, w, a, t in zip(
                fixed["date"],
                fixed["bank"],
                fixed["kind"],
                what,
                money,
                fixed["assets"],
                strict=True,
            )
        ]
        grid = render.table(
            columns,
            rows,
            title=m("history.title", lang, count=len(entries)),
            caption=m("history.caption", lang),
            compact=True,
            overflow="fold",  # if a cell is still too wide, fold it: never cut it with "…"
        )
        console.print(grid)
        if sources:
            # After the table, one line per URL: a URL folded inside a cell cannot be copied.
            console.print()
            console.print(render.text(m("history.sources", lang)))
            for x, title in zip(entries, titles, strict=True):
                e = x.event
                head = f"{e.date} {m(f'bank.{e.bank}', lang)} {title}"
                console.print(render.text(head), soft_wrap=True)
                for url in e.sources:
                    console.print(render.text(f"  {url}"), soft_wrap=True)

    return table


def html_page(entries: Sequence[Entry], lang: str) -> str:
    """The timeline as a page; every event's sources are links under it."""
    from .page import Table, page

    m = i18n.msg
    heads = ["date", "effective", "bank", "kind", "what", "amounts", "assets"]
    labels = {"effective": "→"} | {
        k: m(f"history.col.{k}", lang) for k in heads if k != "effective"
    }
    rows = [
        [x.event.date.isoformat(), x.event.effective, m(f"bank.{x.event.bank}", lang),
         m(f"kind.{x.event.kind}", lang), _title(x, lang), amounts_text(x.event.amounts, lang),
         x.total_assets]
        for x in entries
    ]  # fmt: skip
    links: list[str] = []
    for x in entries:
        links += [u for u in x.event.sources if u not in links]
    title = m("history.title", lang, count=len(entries))
    table = Table([labels[k].replace("\n", " ") for k in heads], rows, m("history.caption", lang))
    return page(lang=lang, title=title, tables=[table] if entries else [],
                notes=[] if entries else [m("history.none", lang)], sources=links)  # fmt: skip


def rendering(entries: Sequence[Entry], lang: str, sources: bool) -> Rendering:
    return Rendering(
        lambda: json_obj(entries, lang),
        lambda: csv_table(entries, lang),
        draw(entries, lang, sources),
        lambda: html_page(entries, lang),
    )
