"""The series file format: parse and serialize fredgraph CSV, read a file, align daily to weekly.

A file is FRED's ``fredgraph.csv``: header ``observation_date,<SERIES>``, then one
``YYYY-MM-DD,value`` row per observation, dates strictly increasing, values as decimal
text (read as ``Decimal``, never float). FRED writes ``.`` (and sometimes an empty field)
for "no observation"; both are read as ``None`` and kept as missing, never as zero.

Aligning daily ON RRP to the weekly calendar (:func:`align_to_weeks`)
    The ON RRP value for the week ending Wednesday ``w`` is the last non-missing daily
    observation dated on or before ``w`` and after ``w - 7 days`` (that is, within the
    Thursday..Wednesday H.4.1 week). If no operation is recorded in that week the value
    is missing (``None``): an old value is never carried across weeks. Units are not
    converted (still billions). Weekly series are matched on exact dates.
"""

from __future__ import annotations

import datetime as _dt
import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path

from .. import bounds, parsecache
from ..errors import DataError
from .catalogue import PLAUSIBLE, UNITS, WEEKLY, check_series

Row = tuple[_dt.date, "Decimal | None"]

_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_VALUE_RE = re.compile(r"-?\d+(\.\d+)?\Z")
_MISSING = {".", ""}
_DATE_HEADERS = ("observation_date", "DATE")


def parse_csv(text: str, series: str, source: str | Path) -> list[Row]:
    """Parse and validate a fredgraph CSV for ``series``; ``source`` names it in errors.

    Checks: the header, one ``date,value`` pair per row, ISO dates strictly increasing
    (Wednesdays for weekly series), values decimal or missing (``.`` / empty), present
    values within :data:`PLAUSIBLE` bounds, and at least one observation.
    """
    check_series(series)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if not lines:
        raise DataError(
            f"{series}: empty file, expected header 'observation_date,{series}'", path=source
        )

    header = lines[0].rstrip("\r").lstrip("\ufeff")
    if header not in {f"{name},{series}" for name in _DATE_HEADERS}:
        raise DataError(
            f"{series}: expected header 'observation_date,{series}', got {show(header)}",
            path=source,
            line=1,
        )
    lo, hi = PLAUSIBLE[series]
    weekly = series in WEEKLY
    rows: list[Row] = []
    previous: _dt.date | None = None
    for number, raw in enumerate(lines[1:], start=2):
        line = raw.rstrip("\r")
        fields = line.split(",")
        if len(fields) != 2:
            raise DataError(
                f"{series}: expected 'date,value', got {show(line)}", path=source, line=number
            )
        date_text, value_text = fields
        date = parse_date(date_text)
        if date is None:
            raise DataError(f"{series}: invalid date {show(date_text)}", path=source, line=number)
        out_of_range = bounds.day_problem(date)
        if out_of_range:
            raise DataError(f"{series}: {out_of_range}", path=source, line=number)
        if previous is not None and date <= previous:
            raise DataError(
                f"{series}: dates out of order: {date} does not come after {previous}",
                path=source,
                line=number,
            )
        if weekly and date.weekday() != 2:
            raise DataError(
                f"{series}: weekly observation dated {date} ({date:%A}), expected a Wednesday",
                path=source,
                line=number,
            )
        previous = date
        if value_text in _MISSING:
            rows.append((date, None))
            continue
        value = _parse_value(value_text)
        if value is None:
            raise DataError(
                f"{series}: value {show(value_text)} is not a number", path=source, line=number
            )
        if not lo <= value <= hi:
            raise DataError(
                f"{series}: implausible value {value_text} on {date}: expected {UNITS[series]} "
                f"between {lo:,} and {hi:,} (wrong units?)",
                path=source,
                line=number,
            )
        rows.append((date, value))
    if not rows:
        raise DataError(f"{series}: no observations", path=source)
    return rows


def parse_date(text: str) -> _dt.date | None:
    """A strict ``YYYY-MM-DD`` date, or None."""
    if not _DATE_RE.match(text):  # fromisoformat alone would accept 20260617, 2026-W24-3...
        return None
    try:
        return _dt.date.fromisoformat(text)
    except ValueError:
        return None


def _parse_value(text: str) -> Decimal | None:
    if not _VALUE_RE.match(text):  # Decimal alone would accept NaN, Infinity, 1e5, _
        return None
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the regex already rules this out
        return None


def show(text: str, limit: int = 60) -> str:
    """Quote a piece of file or command-line text for an error message, cut to ``limit``."""
    text = text if len(text) <= limit else text[:limit] + "..."
    return repr(text)


def one_line(text: str) -> str:
    """Any message folded onto one line."""
    return " ".join(str(text).split())


def serialize(series: str, rows: Iterable[Row]) -> str:
    """Canonical fredgraph text: LF line ends, ``observation_date`` header, ``.`` for missing."""
    out = [f"observation_date,{series}\n"]
    out.extend(f"{date.isoformat()},{'.' if value is None else value}\n" for date, value in rows)
    return "".join(out)


_PARSED: dict[tuple[str, int, int], list[Row]] = {}
# The parse cache holds rows as two flat tuples; a change to these modules parses afresh.
_ROWS = parsecache.Rows()
_CODE = ("qtcli.series.files", "qtcli.series.catalogue")


def parse_file(path: Path, series: str) -> list[Row]:
    """Read and parse ``path``: memoised per process on path, mtime and size, and across
    runs by :mod:`qtcli.parsecache`."""
    try:
        stat = path.stat()
    except OSError as exc:
        raise DataError(f"{series}: cannot read: {exc.strerror}", path=path) from exc
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if key not in _PARSED:
        _PARSED[key] = parsecache.cached(
            f"series-{series}", path, lambda p: _read(p, series), _ROWS, _CODE
        )
    return _PARSED[key]


def _read(path: Path, series: str) -> list[Row]:
    from ..safe_read import read_bytes

    try:
        data = read_bytes(path)  # regular files only, never blocking, size-limited
    except DataError as exc:
        raise DataError(f"{series}: {exc.message}", path=path) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataError(f"{series}: not UTF-8 text", path=path) from exc
    return parse_csv(text, series, path)


def align_to_weeks(daily: Sequence[Row], weeks: Iterable[_dt.date]) -> list[Row]:
    """Put a daily series (ON RRP) on a weekly calendar of Wednesdays.

    For each week-ending date ``w``: the last non-missing daily value dated in
    ``(w - 7 days, w]``; ``None`` when that week has none. ``daily`` must be sorted.
    """
    present = [(date, value) for date, value in daily if value is not None]
    dates = [date for date, _ in present]
    out: list[Row] = []
    for week in weeks:
        index = bisect_right(dates, week) - 1
        if index >= 0 and dates[index] > week - _dt.timedelta(days=7):
            out.append((week, present[index][1]))
        else:
            out.append((week, None))
    return out
