"""The two copies of each series (shipped snapshot, user cache): where they are, which is in use.

Also the cache's manifest, ``qt data status``, and :func:`install`, the one place that writes
into the cache dir.

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
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

from ..errors import DataError
from .catalogue import SERIES, UNITS, check_series
from .files import Row, one_line, parse_date, parse_file

DIR_ENV = "QT_DATA_DIR"
MANIFEST_NAME = "manifest.json"
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


def cache_path(series: str) -> Path:
    return cache_dir() / f"{check_series(series)}.csv"


def manifest_path() -> Path:
    return cache_dir() / MANIFEST_NAME


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


# --------------------------------------------------------------------------- writing


def install(texts: Mapping[str, str], records: Mapping[str, Mapping[str, Any]]) -> None:
    """Write validated series texts into the cache dir, then the manifest.

    ``texts`` maps a series to its file text, ``records`` to its manifest entry (the time
    of download is added here). Each file is replaced atomically; the files are not one
    transaction, but each one is always a complete, validated copy.
    """
    from ..atomic import write_atomic

    directory = cache_dir()
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DataError(f"cannot create cache dir: {exc.strerror}", path=directory) from None
    for series, text in texts.items():
        write_atomic(cache_path(series), text)
    _write_manifest(records)


def _read_manifest() -> dict:
    import json

    from ..safe_read import read_bytes

    try:
        data = json.loads(read_bytes(manifest_path()).decode("utf-8"))
    except (DataError, ValueError):
        return {}
    entries = data.get("series") if isinstance(data, dict) else None
    return entries if isinstance(entries, dict) else {}


def _write_manifest(records: Mapping[str, Mapping[str, Any]]) -> None:
    """Record where each cached file came from; written last, read only by ``status``."""
    import json

    from ..atomic import write_atomic

    entries = dict(_read_manifest())
    fetched = _dt.datetime.now(_dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    for series, record in records.items():
        entries[series] = {**record, "fetched": fetched}
    write_atomic(
        manifest_path(),
        json.dumps({"format": 1, "series": entries}, indent=2, sort_keys=True) + "\n",
    )
