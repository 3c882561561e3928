"""Reading a file qt was pointed at: regular files only, of a bounded size, never blocking.

Every reader of a user's file (policies, events, maturities, scenarios, explain texts, the
data cache) goes through :func:`read_bytes`. A FIFO, a device, a socket or a directory is a
one-line :class:`DataError` at once: the type is checked with ``stat`` before the file is
opened, and the open itself is non-blocking and checked again with ``fstat``, so a file
swapped for a FIFO in between cannot hang qt either. A file larger than the limit is refused
before a byte of it is parsed.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .errors import DataError

MAX_BYTES = 10 * 1024 * 1024  # 10 MiB: hundreds of times the largest file qt ships

_KINDS = (
    (stat.S_ISDIR, "is a directory, not a file"),
    (stat.S_ISFIFO, "is a named pipe (FIFO), not a regular file"),
    (stat.S_ISCHR, "is a device, not a regular file"),
    (stat.S_ISBLK, "is a device, not a regular file"),
    (stat.S_ISSOCK, "is a socket, not a regular file"),
)


def special_problem(mode: int) -> str | None:
    """Why a file of this ``st_mode`` is not read, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    for test, problem in _KINDS:
        if test(mode):
            return problem
    return "is not a regular file"


def _check(path: str | Path, info: os.stat_result, limit: int) -> None:
    problem = special_problem(info.st_mode)
    if problem:
        raise DataError(problem, path=path)
    if info.st_size > limit:
        sizes = f"{_size(limit)} ({_size(info.st_size)})"
        raise DataError(f"is larger than the limit of {sizes}", path=path)


def read_bytes(path: str | Path, limit: int = MAX_BYTES) -> bytes:
    """The whole content of the regular file ``path``; DataError for anything else."""
    try:
        _check(path, os.stat(path), limit)
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
        fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise DataError("no such file", path=path) from None
    except NotADirectoryError:
        raise DataError("no such file (a parent is not a directory)", path=path) from None
    except OSError as exc:
        raise DataError(f"cannot read: {exc.strerror or exc}", path=path) from None
    try:
        _check(path, os.fstat(fd), limit)  # the file opened may not be the one checked
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            total += len(chunk)
            if total > limit:  # it grew while being read
                raise DataError(f"is larger than the limit of {_size(limit)}", path=path)
            chunks.append(chunk)
    except OSError as exc:
        raise DataError(f"cannot read: {exc.strerror or exc}", path=path) from None
    finally:
        os.close(fd)
    return b"".join(chunks)


def _size(count: int) -> str:
    if count >= 1024 * 1024:
        return f"{count / (1024 * 1024):.1f} MiB".replace(".0 MiB", " MiB")
    return f"{count:,} bytes"
