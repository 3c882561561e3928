"""Writing the cache: :class:`Staging` builds a new generation beside the one in use, then
switches to it in one rename. How generations work is told in :mod:`qtcli.series.cache`.
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..errors import DataError
from .cache import (
    _IN_USE,
    GENERATION_PREFIX,
    LOCK_NAME,
    MANIFEST_NAME,
    POINTER_NAME,
    STAGING_PREFIX,
    _generation,
    cache_dir,
    data_dir,
)
from .catalogue import SERIES, check_series


class Staging:
    """One update's new generation, built beside the one in use and switched in whole.

    ``with Staging() as stage:`` takes the lock and makes the staging dir; :meth:`add` each
    series, then :meth:`commit` the manifest and switch. Leaving the block without a commit
    (an error, Ctrl-C) deletes the staging dir, and the cache dir too if it was made here.
    """

    def __init__(self) -> None:
        self.root = cache_dir()
        stamp = f"{_dt.datetime.now(_dt.UTC):%Y%m%dT%H%M%S}-{os.urandom(4).hex()}"
        self.name = GENERATION_PREFIX + stamp
        self.created_root = False
        self.lock_fd: int | None = None
        self.staging: Path | None = None
        self.committed = False

    def path(self, series: str) -> Path:
        """Where ``series`` will be once this generation is in use."""
        return self.root / self.name / f"{check_series(series)}.csv"

    def __enter__(self) -> Staging:
        import tempfile

        try:
            self.created_root = not self.root.exists()
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DataError(f"cannot create cache dir: {exc.strerror}", path=self.root) from None
        try:
            self._lock()
            _clean_stale(self.root)
            self.staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=self.root))
        except BaseException:
            self._finish()
            raise
        return self

    def _lock(self) -> None:
        lock = self.root / LOCK_NAME
        try:
            self.lock_fd = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_NONBLOCK, 0o644)
        except OSError as exc:
            raise DataError(f"cannot create the lock file: {exc.strerror}", path=lock) from None
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not POSIX: no lock
            return
        try:
            fcntl.flock(self.lock_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise DataError(
                "another 'qt data update' is running on this cache; try again when it ends",
                path=lock,
            ) from None

    def add(self, series: str, text: str) -> None:
        """Write one validated series into the staging dir."""
        assert self.staging is not None
        _write_synced(self.staging / f"{check_series(series)}.csv", text.encode("utf-8"))

    def commit(self, records: Mapping[str, Mapping[str, Any]]) -> None:
        """Write the manifest, then switch ``current`` to this generation in one rename."""
        import json

        from ..atomic import write_atomic

        assert self.staging is not None
        fetched = _dt.datetime.now(_dt.UTC).replace(microsecond=0).isoformat()
        entries = {
            series: {**record, "fetched": fetched.replace("+00:00", "Z")}
            for series, record in records.items()
        }
        manifest = json.dumps({"format": 1, "series": entries}, indent=2, sort_keys=True) + "\n"
        _write_synced(self.staging / MANIFEST_NAME, manifest.encode("utf-8"))
        previous = data_dir()
        final = self.root / self.name
        try:
            _sync_dir(self.staging)
            os.rename(self.staging, final)
            _sync_dir(self.root)
        except OSError as exc:
            raise DataError(f"cannot write: {exc.strerror}", path=final) from None
        self.staging = final  # until the switch, a failure still deletes it
        write_atomic(self.root / POINTER_NAME, self.name + "\n")  # the switch
        _sync_dir(self.root)
        self.committed = True
        _IN_USE[self.root] = final
        _remove_old(self.root, previous, keep=final)

    def __exit__(self, *exc: object) -> None:
        self._finish()

    def _finish(self) -> None:
        import shutil

        if not self.committed and self.staging is not None:
            shutil.rmtree(self.staging, ignore_errors=True)
        if self.lock_fd is not None:
            if self.created_root and not self.committed:
                _unlink(self.root / LOCK_NAME)
            os.close(self.lock_fd)  # releases the lock
            self.lock_fd = None
        if self.created_root and not self.committed:
            try:
                self.root.rmdir()  # the cache dir as it was: absent
            except OSError:
                pass


def _write_synced(path: Path, data: bytes) -> None:
    try:
        with open(path, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        raise DataError(f"cannot write: {exc.strerror}", path=path) from None


def _sync_dir(path: Path) -> None:
    """Make a rename in ``path`` durable (where the system allows opening a directory)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _clean_stale(root: Path) -> None:
    """Delete what a killed update left: staging dirs, generations ``current`` does not name."""
    import shutil

    in_use = _generation(root)
    for entry in root.iterdir():
        stale = entry.name.startswith(STAGING_PREFIX) or (
            entry.name.startswith(GENERATION_PREFIX) and entry != in_use
        )
        if stale and entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
    if in_use is not None and in_use.is_dir():  # killed before it removed the files from before
        _remove_old(root, root, keep=in_use)


def _remove_old(root: Path, previous: Path, keep: Path) -> None:
    """After a switch: the previous generation, or the files of a cache from before them."""
    import shutil

    if previous == keep:
        return
    if previous != root:
        shutil.rmtree(previous, ignore_errors=True)
        return
    for name in (*(f"{series}.csv" for series in SERIES), MANIFEST_NAME):
        _unlink(root / name)


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass
