"""`qt history`: choose events from the timeline and pair Fed events with the balance-sheet size.

Pure: no files are read here. The H.4.1 lookup is passed in (``actuals.on_or_before`` in use).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from .errors import UsageError
from .model import BANKS, EVENT_KINDS, Event

# An H.4.1 week is dated on its Wednesday; an observation older than this is not "the" size.
STALE_AFTER = dt.timedelta(days=7)

Lookup = Callable[[str, dt.date], tuple[dt.date, Decimal] | None]


@dataclass(frozen=True)
class Filters:
    bank: str = "all"  # fed, cbc or all
    kinds: tuple[str, ...] = ()  # empty: every kind
    since: dt.date | None = None
    until: dt.date | None = None
    search: str | None = None


@dataclass(frozen=True)
class Entry:
    """One event on the printed timeline; ``total_assets`` is USD billions, None if unknown."""

    event: Event
    total_assets: Decimal | None


def parse_bound(text: str, option: str, *, end: bool) -> dt.date:
    """YYYY, YYYY-MM or YYYY-MM-DD as the first day of that period, or its last day if ``end``."""
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", text.strip())
    if not m:
        raise UsageError(f"{option} must be YYYY, YYYY-MM or YYYY-MM-DD, got {text!r}")
    year, month, day = (int(g) if g else None for g in m.groups())
    assert year is not None
    try:
        if month is None:
            return dt.date(year, 12, 31) if end else dt.date(year, 1, 1)
        if day is None:
            last = calendar.monthrange(year, month)[1] if 1 <= month <= 12 else 0
            return dt.date(year, month, last if end else 1)
        return dt.date(year, month, day)
    except ValueError:
        raise UsageError(f"{option}: {text} is not a real date") from None


def filters(
    bank: str = "all",
    kinds: Iterable[str] = (),
    since: str | None = None,
    until: str | None = None,
    search: str | None = None,
) -> Filters:
    """Filters from command-line text; a bad value is a UsageError (exit 2)."""
    bank = bank.lower()
    if bank not in (*BANKS, "all"):
        raise UsageError(f"--bank must be one of {', '.join(BANKS)}, all; got {bank!r}")
    wanted = tuple(dict.fromkeys(k.lower() for k in kinds))
    for kind in wanted:
        if kind not in EVENT_KINDS:
            raise UsageError(f"--kind must be one of {', '.join(EVENT_KINDS)}; got {kind!r}")
    start = parse_bound(since, "--since", end=False) if since else None
    stop = parse_bound(until, "--until", end=True) if until else None
    if start and stop and start > stop:
        raise UsageError(f"--since {since} is after --until {until}")
    return Filters(bank, wanted, start, stop, search or None)


def matches(event: Event, f: Filters) -> bool:
    if f.bank != "all" and event.bank != f.bank:
        return False
    if f.kinds and event.kind not in f.kinds:
        return False
    if f.since and event.date < f.since:
        return False
    if f.until and event.date > f.until:
        return False
    if f.search:
        needle = f.search.casefold()
        haystack = [event.id, *event.title.values(), *(event.note or {}).values()]
        return any(needle in text.casefold() for text in haystack)
    return True


def select(events: Sequence[Event], f: Filters) -> list[Event]:
    """The events that pass every filter, in date order."""
    return [e for e in events if matches(e, f)]


def total_assets(event: Event, lookup: Lookup) -> Decimal | None:
    """Fed total assets (WALCL) on the last H.4.1 Wednesday on or before the event date.

    None for other banks, before the data starts, and past the end of the data.
    """
    if event.bank != "fed":
        return None
    hit = lookup("WALCL", event.date)
    if hit is None or event.date - hit[0] > STALE_AFTER:
        return None
    return hit[1]


def timeline(events: Sequence[Event], f: Filters, lookup: Lookup) -> list[Entry]:
    return [Entry(e, total_assets(e, lookup)) for e in select(events, f)]
