"""`qt data update`: download and check every series first, then install them all in the cache.

Every series is downloaded and validated (:mod:`.download`) before anything is written; only
then does :func:`~qtcli.series.cache.install` write the files and the manifest. Any failure
raises :class:`DataError` naming the series and the URL (and line), and leaves the cache
dir exactly as it was.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

from . import cache, download
from .catalogue import SERIES
from .files import serialize


class Updated(NamedTuple):
    """What :func:`update` wrote for one series."""

    series: str
    url: str
    path: Path
    as_of: _dt.date
    observations: int
    previous_source: str
    previous_as_of: _dt.date


def update(
    base: str | None = None,
    timeout: float = download.DEFAULT_TIMEOUT,
    series_list: Sequence[str] = SERIES,
) -> list[Updated]:
    """Download and validate ALL series, then install them in the cache.

    Raises :class:`DataError` (nothing written) on any network or validation failure,
    :class:`UsageError` for a bad base URL or timeout.
    """
    download.check_timeout(timeout)
    root = download.base_url(base)
    done: list[Updated] = []
    texts: dict[str, str] = {}
    for series in series_list:
        url = download.series_url(root, series)
        source, _, current = cache.in_use(series)
        body, content_type = download.fetch(url, series, timeout)
        text = download.decode_download(series, url, body, content_type)
        rows = download.validate_download(series, text, url, current)
        done.append(
            Updated(
                series, url, cache.cache_path(series), rows[-1][0], len(rows), source,
                current[-1][0],
            )
        )  # fmt: skip
        texts[series] = serialize(series, rows)
    records: dict[str, dict[str, Any]] = {
        u.series: {"url": u.url, "as_of": u.as_of.isoformat(), "observations": u.observations}
        for u in done
    }
    cache.install(texts, records)
    return done
