"""events.yaml -> Event tuple, with every problem reported as ``file:line: message``.

The file is ``{version: 1, events: [...]}``; each event names its announcement ``date``, an
optional ``effective`` day (or month, when no day is known), ``bank``, ``kind``, a bilingual
``title``, optional ``amounts`` from the vocabulary below, ``sources`` (URLs),
``confidence`` and an optional bilingual ``note``.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from decimal import Decimal
from pathlib import Path

from . import bounds, parsecache
from .checker import Checker
from .model import BANKS, CONFIDENCE, EVENT_KINDS, ID_PATTERN, Event, Month
from .yamlload import Item, YamlFile, show

ENV_VAR = "QT_EVENTS"

# Amount keys and their units. usd: USD billions; usd/mo: USD billions a month; pct: percent;
# bp: basis points; pp: percentage points; ntd: NT$ billions.
AMOUNTS: dict[str, str] = {
    "treasury_purchases": "usd",
    "mbs_purchases": "usd",
    "agency_debt_purchases": "usd",
    "total_purchases": "usd",
    "treasury_purchases_monthly": "usd/mo",
    "mbs_purchases_monthly": "usd/mo",
    "agency_debt_purchases_monthly": "usd/mo",
    "total_purchases_monthly": "usd/mo",
    "bill_purchases_monthly": "usd/mo",
    "treasury_cap": "usd/mo",
    "mbs_cap": "usd/mo",
    "total_cap": "usd/mo",
    "total_assets": "usd",
    "reserves": "usd",
    "on_rrp": "usd",
    "change_busd": "usd",
    "policy_rate": "pct",
    "policy_rate_low": "pct",
    "yield_10y": "pct",
    "sofr": "pct",
    "rate_change_bp": "bp",
    "rrr_change_pp": "pp",
    "ntd_billion": "ntd",
}
# Changes can go either way; every other amount is a size, a pace or a level (>= 0).
SIGNED = frozenset({"change_busd", "rate_change_bp", "rrr_change_pp"})
# The plausible range of each unit (qtcli.bounds).
LIMITS: dict[str, bounds.Range] = {
    "usd": bounds.USD,
    "usd/mo": bounds.USD,
    "pct": bounds.PERCENT,
    "bp": bounds.BASIS_POINTS,
    "pp": bounds.POINTS,
    "ntd": bounds.NTD,
}
# A total given next to two or more of its parts must be their sum.
SUMS = (
    ("total_purchases", ("treasury_purchases", "mbs_purchases", "agency_debt_purchases")),
    (
        "total_purchases_monthly",
        ("treasury_purchases_monthly", "mbs_purchases_monthly", "agency_debt_purchases_monthly"),
    ),
    ("total_cap", ("treasury_cap", "mbs_cap")),
)
# Simplified forms that have no place in Taiwan usage, with the Traditional form to write.
# Only characters that are never correct Traditional text are listed (not 准, 松, 后, 于...).
SIMPLIFIED = dict(
    zip(
        "联资亿国债购买卖计银货币经济场备发实际调缩减额财长贷时间这为对与会进从处机构证边产总关开动过还况储兑汇价涨紧宽缓启结条认确报讯称让将级历众华东欧韩亚",
        "聯資億國債購買賣計銀貨幣經濟場備發實際調縮減額財長貸時間這為對與會進從處機構證邊產總關開動過還況儲兌匯價漲緊寬緩啟結條認確報訊稱讓將級歷眾華東歐韓亞",
        strict=True,
    )
)

REQUIRED = ("id", "date", "bank", "kind", "title", "sources", "confidence")
OPTIONAL = ("effective", "amounts", "note")


def default_path() -> Path:
    """The events file qt uses when neither --events nor QT_EVENTS names one."""
    return Path(__file__).with_name("events.yaml")


def resolve_path(option: str | Path | None) -> Path:
    if option:
        return Path(option)
    env = os.environ.get(ENV_VAR)
    return Path(env) if env else default_path()


def load(path: str | Path | None = None) -> tuple[Event, ...]:
    """Read and validate an events file; raise DataError (all problems inside) if it is bad."""
    return parsecache.cached("events", resolve_path(path), _read, _CODEC, _CODE)


def _read(path: Path) -> tuple[Event, ...]:
    return check(YamlFile(path))


# What the parse cache may build, and the modules whose change makes it parse afresh.
_CODEC = parsecache.Codec(tuple, (Event, Month))
_CODE = ("qtcli.events", "qtcli.model", "qtcli.yamlload", "qtcli.checker", "qtcli.bounds")


def check(file: YamlFile) -> tuple[Event, ...]:
    """Every event in ``file``, sorted by date (file order within a day)."""
    c = Checker(file)
    top = c.document("events file", ("events",))
    found: list[Event] = []
    if "events" in top:
        entries = c.sequence(top["events"], "events")
        if entries is not None and not entries:
            c.fail(top["events"], "events must list at least one event")
        for index, entry in enumerate(entries or []):
            event = _event(c, entry, index)
            if event is not None:
                found.append(event)
    _check_ids(c, found)
    c.raise_if_failed()
    return tuple(sorted(found, key=lambda e: (e.date, e.line)))


def _event(c: Checker, item: Item, index: int) -> Event | None:
    given_id = item.id_text()
    where = f"event {show(given_id)}" if given_id else f"event #{index + 1}"
    before = len(c.errors)  # counted before mapping(): a missing key is an error too
    f = c.mapping(item, where, REQUIRED, OPTIONAL)
    if f is None:
        return None
    eid = c.text(f["id"], f"{where}: id", ID_PATTERN.pattern) if "id" in f else None
    date = c.day(f["date"], f"{where}: date") if "date" in f else None
    effective = _effective(c, f["effective"], where, date) if "effective" in f else None
    bank = c.choice(f["bank"], f"{where}: bank", BANKS) if "bank" in f else None
    kind = c.choice(f["kind"], f"{where}: kind", EVENT_KINDS) if "kind" in f else None
    title = _bilingual(c, f["title"], f"{where}: title") if "title" in f else None
    amounts = _amounts(c, f["amounts"], where) if "amounts" in f else {}
    sources = c.urls(f["sources"], f"{where}: sources") if "sources" in f else None
    confidence = (
        c.choice(f["confidence"], f"{where}: confidence", CONFIDENCE) if "confidence" in f else None
    )
    note = _bilingual(c, f["note"], f"{where}: note") if "note" in f else None
    if len(c.errors) > before:
        return None
    assert eid and date and bank and kind and title and sources and confidence
    assert amounts is not None
    return Event(
        eid, date, effective, bank, kind, title, amounts, sources, confidence, note, item.line
    )


def _effective(c: Checker, item: Item, where: str, date: dt.date | None) -> dt.date | Month | None:
    """A day YYYY-MM-DD, or a month YYYY-MM when the source gives no day; not before ``date``."""
    where = f"{where}: effective"
    value = item.value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}", value):
        month = c.month(item, where)
        if month is not None and date is not None and month < Month.of(date):
            c.fail(item, f"{where} {month} is before the announcement month {Month.of(date)}")
            return None
        return month
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        shown = repr(value) if isinstance(value, str) else "nothing" if value is None else value
        c.fail(item, f"{where} must be a date YYYY-MM-DD or a month YYYY-MM, got {shown}")
        return None
    day = c.day(item, where)
    if day is not None and date is not None:
        if day < date:
            c.fail(item, f"{where} {day} is before the announcement date {date}")
            return None
        if day == date:
            c.fail(item, f"{where} is the announcement date; leave it out")
            return None
    return day


def _bilingual(c: Checker, item: Item, where: str) -> dict[str, str] | None:
    pair = c.bilingual(item, where)
    if pair is None:
        return None
    for char in pair["zh-TW"]:
        if char in SIMPLIFIED:
            taiwan = SIMPLIFIED[char]
            c.fail(
                item.value["zh-TW"],
                f"{where}.zh-TW has the simplified character '{char}' (Taiwan usage: '{taiwan}')",
            )
            return None
    return pair


def _amounts(c: Checker, item: Item, where: str) -> dict[str, Decimal] | None:
    fields = c.mapping(item, f"{where}: amounts", (), tuple(AMOUNTS))
    if fields is None:
        return None
    if not fields:
        c.fail(item, f"{where}: amounts must name at least one amount (or leave amounts out)")
        return None
    out: dict[str, Decimal] = {}
    for key, value in fields.items():
        if key not in AMOUNTS:
            continue  # reported by mapping()
        check = c.number if key in SIGNED else c.amount
        number = check(value, f"{where}: amounts.{key}", LIMITS[AMOUNTS[key]])
        if number is not None:
            out[key] = number
    if len(out) != len(fields):
        return None
    for total, parts in SUMS:
        given = [p for p in parts if p in out]
        if total in out and len(given) >= 2 and sum(out[p] for p in given) != out[total]:
            added = " + ".join(f"{p} {out[p]}" for p in given)
            c.fail(fields[total], f"{where}: amounts.{total} {out[total]} is not {added}")
            return None
    if "policy_rate_low" in out:  # the bottom of a target range: policy_rate is its top
        low, top = out["policy_rate_low"], out.get("policy_rate")
        if top is None or low > top:
            shown = "is missing" if top is None else f"is {top}"
            c.fail(
                fields["policy_rate_low"],
                f"{where}: amounts.policy_rate_low {low} needs policy_rate, the top of the "
                f"range, at or above it; policy_rate {shown}",
            )
            return None
    return out


def _check_ids(c: Checker, events: list[Event]) -> None:
    seen: dict[str, Event] = {}
    for e in events:
        if e.id in seen:
            c.fail(e.line, f"duplicate event id '{e.id}' (first at line {seen[e.id].line})")
        else:
            seen[e.id] = e
