"""`qt data update`: download and check every series, then switch the cache to them all at once.

Each series is downloaded and validated (:mod:`.download`) into a staging dir beside the
cache (:class:`~qtcli.series.staging.Staging`); only when all of them are there is the whole
set switched in, in one atomic step. Any failure raises :class:`DataError` naming the series
and the URL (and line), and leaves the cache dir exactly as it was; so does Ctrl-C or a kill.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import NamedTuple

from . import cache, download
from .catalogue import SERIES
from .files import serialize
from .staging import Staging


class Updated(NamedTuple):
    """What :func:`update` wrote for one series."""

    series: str
    url: str
    path: Path
    as_of: _dt.date
    observations: int
    previous_source: str
    previous_as_of: _dt.date


def update(base: str | None = None, timeout: float = download.DEFAULT_TIMEOUT) -> list[Updated]:
    """Download and validate every series into a staging dir, then switch the cache to it.

    Raises :class:`DataError` (the cache as it was) on any network or validation failure or
    when another update holds the lock, :class:`UsageError` for a bad base URL or timeout.
    """
    download.check_timeout(timeout)
    root = download.base_url(base)
    done: list[Updated] = []
    with Staging() as stage:
        for series in SERIES:
            url = download.series_url(root, series)
            source, _, current = cache.in_use(series)
            body, content_type = download.fetch(url, series, timeout)
            text = download.decode_download(series, url, body, content_type)
            rows = download.validate_download(series, text, url, current)
            stage.add(series, serialize(series, rows))
            done.append(
                Updated(
                    series, url, stage.path(series), rows[-1][0], len(rows), source,
                    current[-1][0],
                )
            )  # fmt: skip
        stage.commit(
            {
                u.series: {
                    "url": u.url, "as_of": u.as_of.isoformat(), "observations": u.observations
                }
                for u in done
            }
        )  # fmt: skip
    return done
