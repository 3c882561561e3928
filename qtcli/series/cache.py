"""The two copies of each series (shipped snapshot, user cache): where they are, which is in use.

Also the cache's manifest and ``qt data status``; :class:`~qtcli.series.staging.Staging`
is the one place that writes into the cache dir.

Which copy is used ("newer")
    Per series, the copy with the later *last observation date* wins; on a tie the
    snapshot wins. :func:`series_path` decides this cheaply by reading only the last
    line of each file (a few hundred bytes from the end), so it is safe on the startup
    path of every command.

A corrupt cache never breaks qt
    If the cached file is missing, unreadable, or fails to parse or validate, qt falls
    back to the shipped snapshot instead of failing: an offline user with a damaged
    cache still gets (older) answers. A cache whose last line is unreadable is never
    picked; one damaged further up is detected when :func:`load_series` parses it, which
    then returns the snapshot. ``qt data status`` parses every copy and reports the
    problem, and ``qt data update`` replaces the bad file. A broken *snapshot* is a
    packaging bug and raises :class:`DataError`.

The manifest
    Next to the cached CSVs, ``manifest.json`` records where each file came from (URL,
    time of download); it is informational only and never used to pick a copy.

Generations: the whole set changes at once
    The cached files live in a *generation* directory, ``<cache dir>/gen-<id>/``, and the
    one-line file ``<cache dir>/current`` names the generation in use. ``qt data update``
    (``staging.Staging``) writes every series and the manifest into a new staging directory
    beside it, ``.staging-<id>``, renames that to ``gen-<id>`` and only then rewrites
    ``current`` in one atomic rename: a kill at any moment leaves the whole old set or the
    whole new set in use, never a mix. The previous generation is deleted after the switch;
    staging directories left by a killed update are deleted by the next one. A cache dir
    without ``current`` (written before generations) is read as it is: ``<cache dir>/*.csv``.

    ``update.lock`` in the cache dir is held (``flock``) for the whole update: a second
    update started meanwhile fails at once with one line. A killed update's lock goes
    with its process.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

from ..errors import DataError
from .catalogue import SERIES, UNITS, check_series
from .files import Row, one_line, parse_date, parse_file

DIR_ENV = "QT_DATA_DIR"
MANIFEST_NAME = "manifest.json"
POINTER_NAME = "current"
LOCK_NAME = "update.lock"
GENERATION_PREFIX = "gen-"
STAGING_PREFIX = ".staging-"
_GENERATION_RE = re.compile(r"gen-[0-9A-Za-z_-]{1,80}")
SNAPSHOT_DIR = Path(__file__).parent.parent / "data"


# --------------------------------------------------------------------------- locations


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


# The generation each cache dir had when this process first looked: one qt command reads
# every series from the same generation, even if an update switches it meanwhile.
_IN_USE: dict[Path, Path] = {}


def data_dir() -> Path:
    """Where the cached series in use are: the generation ``current`` names, else the cache dir."""
    root = cache_dir()
    found = _IN_USE.get(root)
    if found is None:
        found = _IN_USE[root] = _generation(root) or root
    return found


def _generation(root: Path) -> Path | None:
    from ..safe_read import read_bytes

    try:
        name = read_bytes(root / POINTER_NAME, limit=256).decode("ascii").strip()
    except (DataError, UnicodeDecodeError):
        return None
    return root / name if _GENERATION_RE.fullmatch(name) else None


def cache_path(series: str) -> Path:
    return data_dir() / f"{check_series(series)}.csv"


def manifest_path() -> Path:
    return data_dir() / MANIFEST_NAME


# --------------------------------------------------------------------------- the copy in use


def _tail_date(path: Path) -> _dt.date | None:
    """Date of the last row of ``path``, reading only its end; None if absent or odd."""
    from ..safe_read import special_problem

    try:  # a FIFO or a device in the cache dir must not block or feed qt
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if special_problem(info.st_mode):
            return None
        os.lseek(fd, max(0, info.st_size - 256), os.SEEK_SET)
        tail = os.read(fd, 256)
    except OSError:
        return None
    finally:
        os.close(fd)
    if tail.endswith(b"\n"):
        tail = tail[:-1]
    last = tail.rsplit(b"\n", 1)[-1].rstrip(b"\r")
    return parse_date(last.split(b",", 1)[0].decode("ascii", "replace"))


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


def in_use(series: str) -> tuple[str, Path, list[Row]]:
    """(``"cache"`` or ``"snapshot"``, its path, its rows) for the copy qt uses."""
    path, source = _cheap_pick(series)
    if source == "cache":
        try:
            return source, path, parse_file(path, series)
        except DataError:
            pass  # damaged cache: documented fallback to the snapshot
    snap = snapshot_path(series)
    return "snapshot", snap, parse_file(snap, series)


def load_series(series: str) -> list[tuple[_dt.date, Decimal | None]]:
    """Observations of ``series`` from the copy in use, oldest first; ``None`` = missing."""
    return list(in_use(series)[2])


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


def _describe(series: str, source: str, path: Path, extra: dict) -> Copy:
    url = extra.get("url") if isinstance(extra.get("url"), str) else None
    fetched = extra.get("fetched") if isinstance(extra.get("fetched"), str) else None
    if not path.exists():
        return Copy(source, path, False)
    try:
        rows = parse_file(path, series)
    except DataError as exc:
        return Copy(source, path, True, url=url, fetched=fetched, problem=one_line(str(exc)))
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
            chosen: str | None = "cache"
        elif snap.as_of is not None:
            chosen = "snapshot"
        else:
            chosen = None
        result.append(SeriesStatus(series, UNITS[series], chosen, snap, cache))
    return result


def _read_manifest() -> dict:
    import json

    from ..safe_read import read_bytes

    try:
        data = json.loads(read_bytes(manifest_path()).decode("utf-8"))
    except (DataError, ValueError):
        return {}
    entries = data.get("series") if isinstance(data, dict) else None
    return entries if isinstance(entries, dict) else {}
