"""Downloading a series from FRED: the URL, the HTTP fetch, and every check a download must pass.

The only module of qt that imports urllib or http (inside :func:`fetch`, so that nothing is
imported until a download starts). A download must be a complete HTTP 200 body
(Content-Length honoured, last line ending in a newline), CSV not HTML, pass
:func:`~qtcli.series.files.parse_csv` (header, valid and strictly increasing dates, decimal
or missing values, per-series unit bounds), carry no date more than a week past today, not
shrink the history in use (start later, end earlier or hold fewer rows), and agree with the
copy in use within a factor of 10 on their newest shared date (a unit change that stays
inside the bounds). Any failure raises :class:`DataError` naming the series and the URL.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
from collections.abc import Sequence
from decimal import Decimal

from ..errors import DataError, UsageError
from ..safe_read import MAX_BYTES as MAX_FILE_BYTES
from .catalogue import UNITS, check_series
from .files import Row, one_line, parse_csv, show

DEFAULT_BASE_URL = "https://fred.stlouisfed.org"
DEFAULT_TIMEOUT = 20.0
MAX_TIMEOUT = 3600.0
URL_ENV = "QT_FRED_URL"
MAX_BYTES = MAX_FILE_BYTES  # a download must fit the limit on reading it back
# Where old and new copies share a date, the newest shared value may differ by revision
# but not by this factor or more: that would be a change of units.
SCALE_TOLERANCE = Decimal(10)
# A downloaded observation may not be dated more than this far after today's date.
FUTURE_SLACK = _dt.timedelta(days=7)


def base_url(option: str | None = None) -> str:
    """The FRED base URL: ``option``, else ``$QT_FRED_URL``, else the public FRED site."""
    base = option or os.environ.get(URL_ENV) or DEFAULT_BASE_URL
    base = base.strip().rstrip("/")
    if not re.match(r"https?://[^/\s]+", base) or any(c.isspace() for c in base):
        raise UsageError(f"base URL must start with http:// or https://, got {show(base)}")
    return base


def series_url(base: str, series: str) -> str:
    return f"{base}/graph/fredgraph.csv?id={check_series(series)}"


def check_timeout(timeout: float) -> float:
    """``timeout`` if it is more than 0 and at most :data:`MAX_TIMEOUT` s, else UsageError."""
    if not 0 < timeout <= MAX_TIMEOUT:  # also rejects NaN
        limit = f"{MAX_TIMEOUT:g}"
        raise UsageError(f"--timeout must be more than 0 and at most {limit} s, got {timeout:g}")
    return timeout


def fetch(url: str, series: str, timeout: float) -> tuple[bytes, str]:
    """GET ``url``; return (body, content type). Any failure is a one-line DataError."""
    import http.client
    import time
    import urllib.error
    import urllib.request

    from .. import __version__

    def fail(reason: str) -> DataError:
        return DataError(f"{series}: download failed: {one_line(reason)}", path=url)

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
        raise UsageError(f"invalid URL {show(url)}: {one_line(str(exc))}") from None
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
