"""The FRED series qt reads (H.4.1 holdings, reserves, ON RRP): the shipped snapshot and the cache.

Two copies of each series can exist: the **snapshot** shipped with qt in
``qtcli/data/<SERIES>.csv`` (read-only, works offline), and the **cache** written by
``qt data update`` in ``$QT_DATA_DIR``, else ``$XDG_CACHE_HOME/qt``, else ``~/.cache/qt``.
Every command reads the newer of the two (:mod:`.cache`). The rooms:

* :mod:`.catalogue`: the series qt knows, their units and bounds;
* :mod:`.files`: the fredgraph CSV format (parse, serialize, read, align daily to weekly);
* :mod:`.cache`: where the copies are, which one is in use, status, writing the cache;
* :mod:`.download`: fetching from FRED and checking a download (the only urllib user);
* :mod:`.refresh`: ``qt data update``, all series checked, then switched in at once.

Units and frequency
    WALCL, TREAST, WSHOMCB and WRESBAL are in USD millions and weekly, dated on the
    Wednesday of each H.4.1 week. WALCL, TREAST and WSHOMCB are Wednesday levels;
    WRESBAL is the average of the week ending that Wednesday. RRPONTSYD (overnight
    reverse repos) is daily, in USD **billions**, only on days the operation ran.
"""

from __future__ import annotations

from .cache import Copy, SeriesStatus, cache_dir, data_dir, load_series, series_path, status
from .catalogue import SERIES, UNITS, WEEKLY, check_series
from .download import base_url, series_url
from .files import Row, align_to_weeks, parse_csv, serialize
from .refresh import Updated, update

__all__ = [
    "SERIES", "UNITS", "WEEKLY", "Copy", "Row", "SeriesStatus", "Updated", "align_to_weeks",
    "base_url", "cache_dir", "check_series", "data_dir", "load_series", "parse_csv", "serialize",
    "series_path", "series_url", "status", "update",
]  # fmt: skip
