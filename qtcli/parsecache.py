"""A cache of parsed data files, so a command does not parse YAML and CSV on every run.

:func:`cached` returns what a loader makes of a file, from a ``marshal`` file in the
cache dir (``$QT_CACHE_DIR``, else ``$XDG_CACHE_HOME/qt/parsed``, else
``~/.cache/qt/parsed``) when one matches, else from the loader, storing the result. It is
only an accelerator:

* the key is the file's path, size, modification time and a hash of its bytes, plus the
  size and time of qt's own modules that read it; any change to any of them misses;
* only a file that loaded and validated is stored, so every error still comes from the
  loader, with its ``file:line``;
* a cache file that is corrupt (its digest does not match), foreign (another format, qt,
  Python, key or kind) or does not decode to what the loader returns is ignored and
  rebuilt. ``marshal`` builds plain values only (no code runs), and the codec builds only
  the classes it was given;
* ``QT_NO_CACHE=1`` turns it off; a cache dir that cannot be written just means no cache.
"""

from __future__ import annotations

import datetime as dt
import marshal
import os
import stat
import sys
from collections.abc import Callable, Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

try:  # the stdlib's blake2 without hashlib's OpenSSL start-up (about 3 ms)
    from _blake2 import blake2b
except ImportError:  # pragma: no cover
    from hashlib import blake2b

from . import __version__
from .errors import DataError
from .safe_read import read_bytes

T = TypeVar("T")

DIR_ENV = "QT_CACHE_DIR"
OFF_ENV = "QT_NO_CACHE"
FORMAT = 1
MAGIC = ("qt-parse-cache", FORMAT, __version__, tuple(sys.version_info[:2]))
MAX_SOURCE = 32 * 1024 * 1024  # larger (or not a regular file): the loader alone decides
_DIGEST = 32


def cache_dir() -> Path:
    explicit = os.environ.get(DIR_ENV)
    if explicit:
        return Path(explicit).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".cache"
    return base / "qt" / "parsed"


def enabled() -> bool:
    return os.environ.get(OFF_ENV, "") in ("", "0")


def cached(
    kind: str,
    path: str | Path,
    load: Callable[[Path], T],
    codec: Codec | Rows,
    code: Iterable[str] = (),
) -> T:
    """``load(path)``, or the same value from the cache; ``code`` names modules that shape it."""
    path = Path(path)
    key = _key(kind, path, code) if enabled() else None
    if key is None:
        return load(path)
    store = cache_dir() / f"{kind}-{blake2b(repr(key[1:3]).encode(), digest_size=10).hexdigest()}"
    hit = _read(store, key, codec)
    if hit is not None:
        return hit[0]
    value = load(path)  # raises on a bad file: nothing is stored
    if _key(kind, path, code) == key:  # unchanged while it was read
        _write(store, key, codec.encode(value))
    return value


def _key(kind: str, path: Path, code: Iterable[str]) -> tuple[Any, ...] | None:
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_SOURCE:
            return None
        data = read_bytes(path, MAX_SOURCE)  # regular files only, never blocking
        absolute = os.path.abspath(path)
        modules = []
        for name in code:
            module_file = getattr(sys.modules.get(name), "__file__", None)
            if module_file is None:
                return None
            mst = os.stat(module_file)
            modules.append((name, mst.st_size, mst.st_mtime_ns))
    except (OSError, DataError):
        return None
    digest = blake2b(data, digest_size=16).hexdigest()
    return (kind, str(path), absolute, st.st_size, st.st_mtime_ns, digest, tuple(modules))


def _read(store: Path, key: tuple[Any, ...], codec: Codec | Rows) -> tuple[Any] | None:
    try:
        raw = read_bytes(store, MAX_SOURCE)
    except DataError:
        return None
    body = raw[_DIGEST:]
    if raw[:_DIGEST] != blake2b(body, digest_size=_DIGEST).digest():
        return None
    try:
        magic, found, payload = marshal.loads(body)
        if magic != MAGIC or found != key:
            return None
        return (codec.decode(payload),)
    except Exception:  # anything odd in a cache file means: not a hit  # noqa: BLE001
        return None


def _write(store: Path, key: tuple[Any, ...], payload: Any) -> None:
    try:
        body = marshal.dumps((MAGIC, key, payload))
    except ValueError:  # the codec let through something marshal cannot hold
        return
    data = blake2b(body, digest_size=_DIGEST).digest() + body
    tmp = store.with_name(f"{store.name}.{os.getpid()}.tmp")
    try:
        store.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as handle:
            handle.write(data)
        os.replace(tmp, store)
    except OSError:
        try:
            tmp.unlink()
        except OSError:
            pass


class Codec:
    """Plain values for marshal: Decimal, date, tuple, list, dict and the given classes.

    ``classes`` are NamedTuples or dataclasses built from their fields in order; decoding
    makes nothing else, and checks that the result is a ``top``.
    """

    def __init__(self, top: type | tuple[type, ...], classes: Iterable[type] = ()):
        self.top = top
        self.classes = {cls.__qualname__: cls for cls in classes}
        self.fields = {name: _fields(cls) for name, cls in self.classes.items()}

    def encode(self, value: Any) -> Any:
        return self._enc(value)

    def decode(self, payload: Any) -> Any:
        value = self._dec(payload)  # a malformed payload raises: IndexError, TypeError, ...
        if not isinstance(value, self.top):
            raise TypeError(f"cache holds {type(value).__name__}")
        return value

    def _enc(self, v: Any) -> Any:
        if v is None or type(v) in (str, int, bool):
            return v
        if isinstance(v, Decimal):
            return ("D", str(v))
        if type(v) is dt.date:
            return ("d", v.toordinal())
        name = type(v).__qualname__
        if self.classes.get(name) is type(v):
            return ("C", name, tuple(self._enc(getattr(v, f)) for f in self.fields[name]))
        if type(v) is tuple:
            return ("t", tuple(self._enc(x) for x in v))
        if type(v) is list:
            return ("l", tuple(self._enc(x) for x in v))
        if type(v) is dict:
            return ("m", tuple(self._enc(k) for k in v), tuple(self._enc(x) for x in v.values()))
        raise ValueError(f"cannot cache a {name}")

    def _dec(self, p: Any) -> Any:
        if p is None or type(p) in (str, int, bool):
            return p
        tag = p[0]
        if tag == "D":
            if type(p[1]) is not str:
                raise TypeError("decimal text expected")
            return Decimal(p[1])
        if tag == "d":
            return dt.date.fromordinal(p[1])
        if tag == "C":
            cls = self.classes[p[1]]
            values = p[2]
            if len(values) != len(self.fields[p[1]]):
                raise TypeError(f"{p[1]} has {len(self.fields[p[1]])} fields")
            return cls(*(self._dec(x) for x in values))
        if tag == "t":
            return tuple(self._dec(x) for x in p[1])
        if tag == "l":
            return [self._dec(x) for x in p[1]]
        if tag == "m":
            keys, values = p[1], p[2]
            if len(keys) != len(values):
                raise TypeError("mapping keys and values differ in number")
            return {self._dec(k): self._dec(x) for k, x in zip(keys, values, strict=True)}
        raise TypeError(f"unknown tag {tag!r}")


def _fields(cls: type) -> tuple[str, ...]:
    named = getattr(cls, "_fields", None)
    if named is not None:
        return tuple(named)
    import dataclasses

    return tuple(f.name for f in dataclasses.fields(cls))  # type: ignore[arg-type]


class Rows:
    """A series' ``[(date, Decimal | None), ...]`` as two flat tuples: quick to rebuild.

    A whole number is kept as an int (``Decimal(int)`` is twice as fast as from text), any
    other value as its exact text.
    """

    def encode(self, rows: Any) -> Any:  # a list of (date, Decimal | None)
        return (
            tuple(d.toordinal() for d, _ in rows),
            tuple(_number(v) for _, v in rows),
        )

    def decode(self, payload: Any) -> list[tuple[dt.date, Decimal | None]]:
        days, values = payload
        if type(days) is not tuple or type(values) is not tuple or len(days) != len(values):
            raise TypeError("two tuples of equal length expected")
        if not all(v is None or type(v) in (int, str) for v in values):
            raise TypeError("numbers or None expected")
        day = dt.date.fromordinal
        pairs = zip(days, values, strict=True)  # lengths checked above
        return [(day(d), None if v is None else Decimal(v)) for d, v in pairs]


def _number(value: Decimal | None) -> int | str | None:
    if value is None:
        return None
    return int(value) if value.as_tuple().exponent == 0 else str(value)
