"""Holdings data: the shipped snapshot, the user's cache, and refreshing it from FRED.

Two copies of each series can exist:

* the **snapshot** shipped with qt in ``qtcli/data/<SERIES>.csv`` (read-only, works offline);
* the **cache** written by ``qt data update`` in the cache dir: ``$QT_DATA_DIR`` if set,
  else ``$XDG_CACHE_HOME/qt``, else ``~/.cache/qt``. Next to the CSVs, ``manifest.json``
  records where each cached file came from (URL, time of download); it is informational
  only and never used to pick a copy.

Both are FRED ``fredgraph.csv`` files: header ``observation_date,<SERIES>``, then one
``YYYY-MM-DD,value`` row per observation, dates strictly increasing, values as decimal
text (read as ``Decimal``, never float). FRED writes ``.`` (and sometimes an empty field)
for "no observation"; both are read as ``None`` and kept as missing, never as zero.

Which copy is used ("newer")
    Per series, the copy with the later *last observation date* wins; on a tie the
    snapshot wins. :func:`series_path` decides this cheaply by reading only the last
    line of each file (a few hundred bytes from the end), so it is safe on the startup
    path of every command. No urllib/http module is imported unless you download.

A corrupt cache never breaks qt
    If the cached file is missing, unreadable, or fails to parse or validate, qt falls
    back to the shipped snapshot instead of failing: an offline user with a damaged
    cache still gets (older) answers. A cache whose last line is unreadable is never
    picked; one damaged further up is detected when :func:`load_series` parses it, which
    then returns the snapshot. ``qt data status`` parses every copy and reports the
    problem, and ``qt data update`` replaces the bad file. A broken *snapshot* is a
    packaging bug and raises :class:`DataError`.

Units and frequency
    WALCL, TREAST, WSHOMCB and WRESBAL are in USD millions and weekly, dated on the
    Wednesday of each H.4.1 week. WALCL, TREAST and WSHOMCB are Wednesday levels;
    WRESBAL is the average of the week ending that Wednesday. RRPONTSYD (overnight
    reverse repos) is daily, in USD **billions**, only on days the operation ran.

Aligning daily ON RRP to the weekly calendar (:func:`align_to_weeks`)
    The ON RRP value for the week ending Wednesday ``w`` is the last non-missing daily
    observation dated on or before ``w`` and after ``w - 7 days`` (that is, within the
    Thursday..Wednesday H.4.1 week). If no operation is recorded in that week the value
    is missing (``None``): an old value is never carried across weeks. Units are not
    converted (still billions). Weekly series are matched on exact dates.

Refreshing (:func:`update`)
    Every series is downloaded and validated before anything is written; only then is
    each file replaced with :func:`qtcli.atomic.write_atomic`, and the manifest last.
    A download must be a complete HTTP 200 body (Content-Length honoured, last line
    ending in a newline), CSV not HTML, pass :func:`parse_csv` (header, valid and
    strictly increasing dates, decimal or missing values, per-series unit bounds), carry
    no date more than a week past today, not shrink the history in use (start later,
    end earlier or hold fewer rows), and agree with the copy in use within a factor of
    10 on their newest shared date (a unit change that stays inside the bounds).
    Any failure raises :class:`DataError` naming the series and the URL (and line), and
    leaves the cache dir exactly as it was. Each file is replaced atomically; the five
    files are not one transaction, but each one is always a complete, validated copy.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import NamedTuple

from .errors import DataError, UsageError

SERIES: tuple[str, ...] = ("WALCL", "TREAST", "WSHOMCB", "WRESBAL", "RRPONTSYD")
WEEKLY: frozenset[str] = frozenset({"WALCL", "TREAST", "WSHOMCB", "WRESBAL"})
UNITS: dict[str, str] = {
    "WALCL": "USD millions",
    "TREAST": "USD millions",
    "WSHOMCB": "USD millions",
    "WRESBAL": "USD millions",
    "RRPONTSYD": "USD billions",
}
# Inclusive bounds for every present value, in the series' own units. They catch a unit
# slip (dollars or billions instead of millions) without judging the economics.
PLAUSIBLE: dict[str, tuple[Decimal, Decimal]] = {
    "WALCL": (Decimal(100_000), Decimal(100_000_000)),
    "TREAST": (Decimal(100_000), Decimal(100_000_000)),
    "WSHOMCB": (Decimal(0), Decimal(100_000_000)),
    "WRESBAL": (Decimal(1_000), Decimal(100_000_000)),
    "RRPONTSYD": (Decimal(0), Decimal(10_000)),
}
# Where old and new copies share a date, the newest shared value may differ by revision
# but not by this factor or more: that would be a change of units.
SCALE_TOLERANCE = Decimal(10)
# A downloaded observation may not be dated more than this far after today's date.
FUTURE_SLACK = _dt.timedelta(days=7)
MAX_BYTES = 20 * 1024 * 1024

DEFAULT_BASE_URL = "https://fred.stlouisfed.org"
DEFAULT_TIMEOUT = 20.0
MAX_TIMEOUT = 3600.0
URL_ENV = "QT_FRED_URL"
DIR_ENV = "QT_DATA_DIR"
MANIFEST_NAME = "manifest.json"
SNAPSHOT_DIR = Path(__file__).parent / "data"

Row = tuple[_dt.date, "Decimal | None"]

_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_VALUE_RE = re.compile(r"-?\d+(\.\d+)?\Z")
_MISSING = {".", ""}
_DATE_HEADERS = ("observation_date", "DATE")


# --------------------------------------------------------------------------- locations


def check_series(series: str) -> str:
    """Return ``series`` if qt knows it, else raise :class:`UsageError`."""
    if series not in UNITS:
        raise UsageError(f"unknown series {series!r}; known: {', '.join(SERIES)}")
    return series


def cache_dir() -> Path:
    """The user's cache dir: ``$QT_DATA_DIR``, else ``$XDG_CACHE_HOME/qt``, else ``~/.cache/qt``."""
    explicit = os.environ.get(DIR_ENV)
    if explicit:
        return Path(explicit).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):  # the XDG spec says to ignore relative paths
        return Path(xdg) / "qt"
    return Path.home() / ".cache" / "qt"


def snapshot_path(series: str) -> Path:
    return SNAPSHOT_DIR / f"{check_series(series)}.csv"


def cache_path(series: str) -> Path:
    return cache_dir() / f"{check_series(series)}.csv"


def manifest_path() -> Path:
    return cache_dir() / MANIFEST_NAME


def _tail_date(path: Path) -> _dt.date | None:
    """Date of the last row of ``path``, reading only its end; None if absent or odd."""
    try:
        with open(path, "rb") as handle:
            size = handle.seek(0, os.SEEK_END)
            handle.seek(max(0, size - 256))
            tail = handle.read()
    except OSError:
        return None
    if tail.endswith(b"\n"):
        tail = tail[:-1]
    last = tail.rsplit(b"\n", 1)[-1].rstrip(b"\r")
    head = last.split(b",", 1)[0].decode("ascii", "replace")
    if not _DATE_RE.match(head):
        return None
    try:
        return _dt.date.fromisoformat(head)
    except ValueError:
        return None


def _cheap_pick(series: str) -> tuple[Path, str]:
    snap, cache = snapshot_path(series), cache_path(series)
    cache_last = _tail_date(cache)
    if cache_last is not None:
        snap_last = _tail_date(snap)
        if snap_last is None or cache_last > snap_last:
            return cache, "cache"
    return snap, "snapshot"


def series_path(series: str) -> Path:
    """The file qt uses for ``series``: the cache if its last date is later, else the snapshot.

    Cheap: reads only the last line of each copy. If the cache turns out to be damaged
    above its last line, :func:`load_series` falls back to the snapshot (see module doc).
    """
    return _cheap_pick(series)[0]


# --------------------------------------------------------------------------- parsing


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
            f"{series}: expected header 'observation_date,{series}', got {_show(header)}",
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
                f"{series}: expected 'date,value', got {_show(line)}", path=source, line=number
            )
        date_text, value_text = fields
        date = _parse_date(date_text)
        if date is None:
            raise DataError(f"{series}: invalid date {_show(date_text)}", path=source, line=number)
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
                f"{series}: value {_show(value_text)} is not a number", path=source, line=number
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


def _parse_date(text: str) -> _dt.date | None:
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


def _show(text: str, limit: int = 60) -> str:
    text = text if len(text) <= limit else text[:limit] + "..."
    return repr(text)


def serialize(series: str, rows: Iterable[Row]) -> str:
    """Canonical fredgraph text: LF line ends, ``observation_date`` header, ``.`` for missing."""
    out = [f"observation_date,{series}\n"]
    out.extend(f"{date.isoformat()},{'.' if value is None else value}\n" for date, value in rows)
    return "".join(out)


_PARSED: dict[tuple[str, int, int], list[Row]] = {}


def _parse_file(path: Path, series: str) -> list[Row]:
    """Parse ``path`` (memoised per process on path, mtime and size)."""
    try:
        stat = path.stat()
        key = (str(path), stat.st_mtime_ns, stat.st_size)
        if key in _PARSED:
            return _PARSED[key]
        data = path.read_bytes()
    except OSError as exc:
        raise DataError(f"{series}: cannot read: {exc.strerror}", path=path) from exc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataError(f"{series}: not UTF-8 text", path=path) from exc
    rows = parse_csv(text, series, path)
    _PARSED[key] = rows
    return rows


def _in_use(series: str) -> tuple[str, Path, list[Row]]:
    path, source = _cheap_pick(series)
    if source == "cache":
        try:
            return source, path, _parse_file(path, series)
        except DataError:
            pass  # damaged cache: documented fallback to the snapshot
    snap = snapshot_path(series)
    return "snapshot", snap, _parse_file(snap, series)


def load_series(series: str) -> list[tuple[_dt.date, Decimal | None]]:
    """Observations of ``series`` from the copy in use, oldest first; ``None`` = missing."""
    return list(_in_use(series)[2])


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


# --------------------------------------------------------------------------- status


class Copy(NamedTuple):
    """One copy of one series, as ``qt data status`` reports it."""

    source: str  # "snapshot" or "cache"
    path: Path
    present: bool
    first: _dt.date | None = None
    as_of: _dt.date | None = None
    observations: int | None = None
    url: str | None = None
    fetched: str | None = None
    problem: str | None = None


class SeriesStatus(NamedTuple):
    series: str
    units: str
    in_use: str | None  # "snapshot", "cache", or None when neither copy is usable
    snapshot: Copy
    cache: Copy

    @property
    def copies(self) -> tuple[Copy, Copy]:
        return (self.snapshot, self.cache)


def _read_manifest() -> dict:
    import json

    try:
        data = json.loads(manifest_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    entries = data.get("series") if isinstance(data, dict) else None
    return entries if isinstance(entries, dict) else {}


def _describe(series: str, source: str, path: Path, extra: dict) -> Copy:
    url = extra.get("url") if isinstance(extra.get("url"), str) else None
    fetched = extra.get("fetched") if isinstance(extra.get("fetched"), str) else None
    if not path.exists():
        return Copy(source, path, False)
    try:
        rows = _parse_file(path, series)
    except DataError as exc:
        return Copy(source, path, True, url=url, fetched=fetched, problem=_one_line(str(exc)))
    return Copy(source, path, True, rows[0][0], rows[-1][0], len(rows), url, fetched)


def status(series_list: Sequence[str] = SERIES) -> list[SeriesStatus]:
    """Parse every copy of every series and say which one is in use (same rule as load_series)."""
    manifest = _read_manifest()
    result = []
    for series in series_list:
        snap = _describe(series, "snapshot", snapshot_path(series), {})
        extra = manifest.get(series)
        cache = _describe(
            series, "cache", cache_path(series), extra if isinstance(extra, dict) else {}
        )
        if cache.as_of is not None and (snap.as_of is None or cache.as_of > snap.as_of):
            in_use = "cache"
        elif snap.as_of is not None:
            in_use = "snapshot"
        else:
            in_use = None
        result.append(SeriesStatus(series, UNITS[series], in_use, snap, cache))
    return result


# --------------------------------------------------------------------------- update


class Updated(NamedTuple):
    """What :func:`update` wrote for one series."""

    series: str
    url: str
    path: Path
    as_of: _dt.date
    observations: int
    previous_source: str
    previous_as_of: _dt.date


def base_url(option: str | None = None) -> str:
    """The FRED base URL: ``option``, else ``$QT_FRED_URL``, else the public FRED site."""
    base = option or os.environ.get(URL_ENV) or DEFAULT_BASE_URL
    base = base.strip().rstrip("/")
    if not re.match(r"https?://[^/\s]+", base) or any(c.isspace() for c in base):
        raise UsageError(f"base URL must start with http:// or https://, got {_show(base)}")
    return base


def series_url(base: str, series: str) -> str:
    return f"{base}/graph/fredgraph.csv?id={check_series(series)}"


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def fetch(url: str, series: str, timeout: float) -> tuple[bytes, str]:
    """GET ``url``; return (body, content type). Any failure is a one-line DataError."""
    import http.client
    import time
    import urllib.error
    import urllib.request

    from . import __version__

    def fail(reason: str) -> DataError:
        return DataError(f"{series}: download failed: {_one_line(reason)}", path=url)

    request = urllib.request.Request(
        url, headers={"User-Agent": f"qt/{__version__}", "Accept": "text/csv"}
    )
    deadline = time.monotonic() + timeout
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            if response.status != 200:
                raise fail(f"HTTP {response.status} {response.reason}")
            ctype = response.headers.get("Content-Type", "") or ""
            declared = response.headers.get("Content-Length")
            chunks: list[bytes] = []
            total = 0
            while True:
                if time.monotonic() > deadline:
                    raise fail(f"timed out after {timeout:g} s")
                chunk = response.read1(65536)  # read() would block until 64 KiB or EOF
                if not chunk:
                    break
                total += len(chunk)
                if total > MAX_BYTES:
                    raise fail(f"response larger than {MAX_BYTES // (1024 * 1024)} MiB")
                chunks.append(chunk)
    except DataError:
        raise
    except urllib.error.HTTPError as exc:
        exc.close()  # it holds the response and its socket
        raise fail(f"HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, TimeoutError):
            raise fail(f"timed out after {timeout:g} s") from None
        if isinstance(reason, OSError) and reason.strerror:
            raise fail(f"cannot connect: {reason.strerror}") from None
        raise fail(f"cannot connect: {reason}") from None
    except TimeoutError:
        raise fail(f"timed out after {timeout:g} s") from None
    except http.client.IncompleteRead:
        raise fail("truncated response: connection closed before the end of the body") from None
    except http.client.HTTPException as exc:
        raise fail(f"bad HTTP response: {type(exc).__name__} {exc}") from None
    except OSError as exc:
        raise fail(f"connection failed: {exc.strerror or exc}") from None
    except ValueError as exc:  # e.g. http.client.InvalidURL
        raise UsageError(f"invalid URL {_show(url)}: {_one_line(str(exc))}") from None
    body = b"".join(chunks)
    if declared is not None and declared.strip().isdigit() and int(declared) != len(body):
        raise fail(f"truncated response: got {len(body)} of {int(declared)} bytes (Content-Length)")
    return body, ctype


def decode_download(series: str, url: str, body: bytes, content_type: str = "") -> str:
    """Turn a response body into CSV text, rejecting HTML pages and truncated bodies."""
    head = body.lstrip()[:512].lower()
    if "html" in content_type.lower() or head.startswith(b"<") or b"<html" in head:
        raise DataError(
            f"{series}: got an HTML page, not CSV (wrong URL or an error page?)", path=url
        )
    if not body.strip():
        raise DataError(f"{series}: empty response", path=url)
    if not body.endswith(b"\n"):
        lines = body.count(b"\n") + 1
        raise DataError(
            f"{series}: truncated response: last line cut off mid-row", path=url, line=lines
        )
    try:
        return body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataError(
            f"{series}: response is not UTF-8 text (byte {exc.start})", path=url
        ) from None


def validate_download(series: str, text: str, url: str, current: Sequence[Row]) -> list[Row]:
    """Parse a downloaded copy and check it against ``current``, the copy in use.

    On top of :func:`parse_csv`: no date after today (+ a week of slack), no shrink in
    history (must not start later, end earlier or hold fewer observations than
    ``current``), and the newest date both copies share must agree within a factor of
    :data:`SCALE_TOLERANCE` (catches a change of units that stays inside the bounds).
    """
    rows = parse_csv(text, series, url)
    today = _dt.date.today()
    if rows[-1][0] > today + FUTURE_SLACK:
        raise DataError(
            f"{series}: last observation {rows[-1][0]} is in the future "
            f"(today is {today}; check the clock)",
            path=url,
            line=len(rows) + 1,
        )
    if current:
        first, last, count = current[0][0], current[-1][0], len(current)
        problems = []
        if rows[0][0] > first:
            problems.append(f"starts {rows[0][0]} instead of {first}")
        if rows[-1][0] < last:
            problems.append(f"ends {rows[-1][0]} instead of {last}")
        if len(rows) < count:
            problems.append(f"has {len(rows)} observations instead of {count}")
        if problems:
            raise DataError(
                f"{series}: the download would shrink the history in use: it {', '.join(problems)}",
                path=url,
            )
        _check_scale(series, rows, current, url)
    return rows


def _check_scale(series: str, new: Sequence[Row], old: Sequence[Row], url: str) -> None:
    old_values = {date: value for date, value in old if value}
    for index in range(len(new) - 1, -1, -1):
        date, value = new[index]
        reference = old_values.get(date)
        if value is None or reference is None:
            continue
        ratio = value / reference
        if not (1 / SCALE_TOLERANCE) < ratio < SCALE_TOLERANCE:
            raise DataError(
                f"{series}: value on {date} is {value}, the copy in use has {reference} "
                f"({UNITS[series]}): units changed?",
                path=url,
                line=index + 2,
            )
        return  # only the newest shared date: older ones may carry revisions


def update(
    base: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    series_list: Sequence[str] = SERIES,
) -> list[Updated]:
    """Download, validate ALL series, then replace each cached file atomically.

    Raises :class:`DataError` (nothing written) on any network or validation failure,
    :class:`UsageError` for a bad base URL or timeout.
    """
    from .atomic import write_atomic

    if not 0 < timeout <= MAX_TIMEOUT:  # also rejects NaN
        limit = f"{MAX_TIMEOUT:g}"
        raise UsageError(f"--timeout must be more than 0 and at most {limit} s, got {timeout:g}")
    root = base_url(base)
    staged: list[tuple[Updated, str]] = []
    for series in series_list:
        url = series_url(root, series)
        source, _, current = _in_use(series)
        body, content_type = fetch(url, series, timeout)
        text = decode_download(series, url, body, content_type)
        rows = validate_download(series, text, url, current)
        info = Updated(
            series, url, cache_path(series), rows[-1][0], len(rows), source, current[-1][0]
        )
        staged.append((info, serialize(series, rows)))

    directory = cache_dir()
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DataError(f"cannot create cache dir: {exc.strerror}", path=directory) from None
    for info, text in staged:
        write_atomic(info.path, text)
    done = [info for info, _ in staged]
    _write_manifest(done)
    return done


def _write_manifest(done: Sequence[Updated]) -> None:
    """Record where each cached file came from; written last, read only by ``status``."""
    import json

    from .atomic import write_atomic

    entries = dict(_read_manifest())
    fetched = _dt.datetime.now(_dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    for info in done:
        entries[info.series] = {
            "url": info.url,
            "fetched": fetched,
            "as_of": info.as_of.isoformat(),
            "observations": info.observations,
        }
    write_atomic(
        manifest_path(),
        json.dumps({"format": 1, "series": entries}, indent=2, sort_keys=True) + "\n",
    )
