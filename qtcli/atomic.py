"""Write a file so that readers see the old copy or the new one, never half of either."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import DataError


def write_atomic(path: str | Path, data: bytes | str) -> None:
    """Replace ``path`` with ``data`` in one rename; on any failure the old file is untouched."""
    target = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    directory = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise DataError(f"cannot write: {exc.strerror}", path=target) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise DataError(f"cannot write: {exc.strerror}", path=target) from exc
        raise
