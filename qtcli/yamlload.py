"""Strict YAML reading for qt's data files.

PyYAML is asked only to *compose* the document; we build the values ourselves from the node
tree, so every value keeps its line number, numbers become ``Decimal`` (never float), unknown
tags such as ``!!python/object`` are refused, duplicate keys are refused, and an alias bomb
runs out of budget instead of memory.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from . import bounds
from .errors import DataError
from .model import Month

# Values built from one file, aliases counted every time they are reached.
NODE_BUDGET = 200_000

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"


class Item:
    """A value from a YAML file and the (1-based) line it starts on.

    A plain slotted class, not a dataclass: a file builds thousands of these on the startup
    path of every command.
    """

    __slots__ = ("value", "line", "key_lines")

    def __init__(self, value: Any, line: int, key_lines: dict[str, int] | None = None):
        self.value = value  # dict[str, Item] | list[Item] | str | Decimal | bool | None
        self.line = line
        self.key_lines = key_lines  # for a mapping: the line of each key

    def key_line(self, key: str) -> int:
        return (self.key_lines or {}).get(key, self.line)

    def id_text(self) -> str | None:
        """The text under the ``id`` key of a mapping, if there is one."""
        if isinstance(self.value, dict):
            found = self.value.get("id")
            if found is not None and isinstance(found.value, str):
                return found.value
        return None


class YamlFile:
    """One YAML file, read and composed; ``root`` is the top-level :class:`Item`."""

    def __init__(self, path: str | Path, text: str | None = None):
        self.path = Path(path)
        self.name = str(path)
        if text is None:
            text = read_text(self.path)
        self.root = _build(self.name, text)

    def error(self, line: int | None, message: str) -> DataError:
        return DataError(message, path=self.name, line=line)


def read_text(path: Path) -> str:
    """A user's text file as text: a regular file under the size limit, in UTF-8."""
    from .safe_read import read_bytes

    raw = read_bytes(path)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        bad = raw[exc.start : exc.start + 1].hex()
        raise DataError(f"not UTF-8 text (byte 0x{bad})", path=path, line=line) from None


def _build(name: str, text: str) -> Item:
    import yaml  # deferred: the parser is only needed by commands that read YAML

    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        raise DataError("file is empty", path=name, line=1)
    _check_flow_depth(name, text)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        node = yaml.compose(text, Loader=loader)
    except yaml.reader.ReaderError as exc:
        # libyaml counts the position in UTF-8 bytes, the pure-Python reader in characters.
        if loader is yaml.SafeLoader:
            line = text[: exc.position].count("\n") + 1
        else:
            line = text.encode("utf-8")[: exc.position].count(b"\n") + 1
        char = f"#x{exc.character:04x}" if isinstance(exc.character, int) else repr(exc.character)
        raise DataError(
            f"invalid YAML: unacceptable character {char}", path=name, line=line
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        at = mark.line + 1 if mark is not None else None
        raise DataError(f"invalid YAML: {problem}", path=name, line=at) from None
    except yaml.YAMLError as exc:
        raise DataError(f"invalid YAML: {exc}", path=name) from None
    if node is None:
        raise DataError("file is empty", path=name, line=1)
    budget = [NODE_BUDGET]
    return _convert(name, node, budget, depth=0)


MAX_DEPTH = 50
_FLOW_CHARS = re.compile(r"[\[\]{}\"'#\n]")


def _check_flow_depth(name: str, text: str) -> None:
    """Refuse deeply nested [ and { before the C parser sees them: it recurses on the C stack."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return
    depth, number, quote, comment = 0, 1, "", False
    for match in _FLOW_CHARS.finditer(text):
        char = match.group()
        if char == "\n":
            number, quote, comment = number + 1, "", False
        elif comment:
            continue
        elif quote:
            if char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == "#":
            comment = True
        elif char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise DataError("nested too deeply", path=name, line=number)
        else:
            depth = max(0, depth - 1)


def _convert(name: str, node: Any, budget: list[int], depth: int) -> Item:
    budget[0] -= 1
    line = node.start_mark.line + 1
    if budget[0] < 0:
        raise DataError("too many values (an alias/anchor expansion bomb?)", path=name, line=line)
    if depth > MAX_DEPTH:
        raise DataError("nested too deeply", path=name, line=line)
    tag = node.tag
    if node.id == "mapping":
        if tag != _MAP:
            raise DataError(f"tag {_short(tag)} is not allowed", path=name, line=line)
        out: dict[str, Item] = {}
        key_lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if key_node.tag == "tag:yaml.org,2002:merge" or key_node.value == "<<":
                raise DataError("merge keys (<<) are not allowed", path=name, line=key_line)
            key = _convert(name, key_node, budget, depth + 1)
            if not isinstance(key.value, str):
                raise DataError(f"key {show(key.value)} must be text", path=name, line=key_line)
            if key.value in out:
                raise DataError(f"duplicate key {show(key.value)}", path=name, line=key_line)
            out[key.value] = _convert(name, value_node, budget, depth + 1)
            key_lines[key.value] = key_line
        return Item(out, line, key_lines)
    if node.id == "sequence":
        if tag != _SEQ:
            raise DataError(f"tag {_short(tag)} is not allowed", path=name, line=line)
        return Item([_convert(name, n, budget, depth + 1) for n in node.value], line)
    return Item(_scalar(name, tag, node.value, line), line)


def _scalar(name: str, tag: str, text: str, line: int) -> Any:
    if tag == _STR or tag == _TIMESTAMP:
        return text
    if tag == _NULL:
        return None
    if tag == _BOOL:
        return text.lower() in ("true", "yes", "on", "y")
    if tag in (_INT, _FLOAT):
        cleaned = text.replace("_", "")
        if tag == _FLOAT and cleaned.lower().lstrip("+-") in (".inf", ".nan"):
            raise DataError(f"{text} is not a finite number", path=name, line=line)
        try:
            if (
                tag == _INT
                and re.fullmatch(r"[-+]?0[xXoObB]?[0-9a-fA-F]+", cleaned)
                and len(cleaned.lstrip("+-")) > 1
            ):
                return Decimal(int(cleaned, 0))
            return Decimal(cleaned)
        except (InvalidOperation, ValueError):
            raise DataError(f"{show(text)} is not a number", path=name, line=line) from None
    raise DataError(f"tag {_short(tag)} is not allowed", path=name, line=line)


def _short(tag: str) -> str:
    return "!!" + tag[len("tag:yaml.org,2002:") :] if tag.startswith("tag:yaml.org,2002:") else tag


class Checker:
    """Reads values out of :class:`Item` trees and collects every problem it finds.

    Each ``want_*`` method returns the converted value, or ``None`` after recording an error,
    so a validator can keep going and report all problems in one pass.
    """

    def __init__(self, file: YamlFile):
        self.file = file
        self.errors: list[DataError] = []

    def fail(self, item: Item | int | None, message: str) -> None:
        line = item.line if isinstance(item, Item) else item
        self.errors.append(self.file.error(line, message))

    def raise_if_failed(self) -> None:
        if self.errors:
            raise DataErrors(sorted(self.errors, key=lambda e: e.line or 0))

    def mapping(
        self,
        item: Item,
        where: str,
        required: tuple[str, ...],
        optional: tuple[str, ...] = (),
    ) -> dict[str, Item] | None:
        """The mapping in ``item``; unknown keys and missing required keys are errors."""
        if not isinstance(item.value, dict):
            self.fail(item, f"{where} must be a mapping, got {_kind(item.value)}")
            return None
        known = set(required) | set(optional)
        typos: set[str] = set()
        for key in item.value:
            if key not in known:
                hint = _closest(key, known - set(item.value))
                suggestion = f" (did you mean '{hint}'?)" if hint else ""
                self.fail(item.key_line(key), f"{where}: unknown key {show(key)}{suggestion}")
                if hint:
                    typos.add(hint)
        for key in required:
            if key not in item.value and key not in typos:  # a typo already said it
                self.fail(item, f"{where}: missing required key '{key}'")
        return item.value

    def document(self, where: str, keys: tuple[str, ...]) -> dict[str, Item]:
        """The top-level mapping: ``version: 1`` plus ``keys``. Raises if it is no mapping."""
        top = self.mapping(self.file.root, where, ("version", *keys))
        if top is None:
            self.raise_if_failed()
            raise AssertionError("unreachable: mapping() recorded why")
        if "version" in top and top["version"].value != Decimal(1):
            self.fail(top["version"], f"version must be 1, got {show(top['version'].value)}")
        return top

    def sequence(self, item: Item, where: str) -> list[Item] | None:
        if not isinstance(item.value, list):
            self.fail(item, f"{where} must be a list, got {_kind(item.value)}")
            return None
        return item.value

    def text(self, item: Item, where: str, pattern: str | None = None) -> str | None:
        value = item.value
        if not isinstance(value, str) or not value.strip():
            self.fail(item, f"{where} must be non-empty text, got {_kind(value)}")
            return None
        if pattern is not None and not re.fullmatch(pattern, value):
            self.fail(item, f"{where} has an unexpected form: {show(value)}")
            return None
        return value

    def choice(self, item: Item, where: str, choices: tuple[str, ...]) -> str | None:
        value = item.value
        if value not in choices:
            self.fail(item, f"{where} must be one of {', '.join(choices)}; got {show(value)}")
            return None
        return str(value)

    def amount(self, item: Item, where: str, limits: bounds.Range = bounds.USD) -> Decimal | None:
        """A number >= 0 within ``limits`` (USD billions unless told otherwise)."""
        value = item.value
        if isinstance(value, bool) or not isinstance(value, Decimal):
            self.fail(item, f"{where} must be a number >= 0, got {show(value)}")
            return None
        if value < 0:
            self.fail(item, f"{where} must be a number >= 0, got {bounds.show(value)}")
            return None
        return self._within(item, where, value, limits)

    def money(self, item: Item, where: str) -> Decimal | None:
        """USD billions: >= 0, within bounds.USD, in whole $1 millions (three decimals)."""
        value = self.amount(item, where)
        if value is None:
            return None
        problem = money_problem(value)
        if problem:
            self.fail(item, f"{where} {problem}, got {bounds.show(value)}")
            return None
        return value

    def rate(self, item: Item, where: str) -> Decimal | None:
        """A fraction between 0 and 1 (bounds.RATE)."""
        return self.amount(item, where, bounds.RATE)

    def number(self, item: Item, where: str, limits: bounds.Range = bounds.USD) -> Decimal | None:
        """A number of either sign within ``limits`` (USD billions unless told otherwise)."""
        value = item.value
        if isinstance(value, bool) or not isinstance(value, Decimal):
            self.fail(item, f"{where} must be a number, got {show(value)}")
            return None
        return self._within(item, where, value, limits)

    def _within(
        self, item: Item, where: str, value: Decimal, limits: bounds.Range
    ) -> Decimal | None:
        problem = limits.problem(value)
        if problem:
            self.fail(item, f"{where} {problem}")
            return None
        return value

    def day(self, item: Item, where: str) -> dt.date | None:
        """A calendar date written YYYY-MM-DD."""
        value = item.value
        text = value if isinstance(value, str) else None
        if text is None or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            self.fail(item, f"{where} must be a date YYYY-MM-DD, got {show(value)}")
            return None
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            self.fail(item, f"{where}: {text} is not a real date")
            return None
        problem = bounds.day_problem(day)
        if problem:
            self.fail(item, f"{where}: {problem}")
            return None
        return day

    def month(self, item: Item, where: str) -> Month | None:
        """A calendar month written YYYY-MM."""
        value = item.value
        if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}", value):
            self.fail(item, f"{where} must be a month YYYY-MM, got {show(value)}")
            return None
        try:
            return Month.parse(value)
        except ValueError as exc:
            self.fail(item, f"{where}: {_month_problem(value, exc)}")
            return None

    def urls(self, item: Item, where: str) -> tuple[str, ...] | None:
        items = self.sequence(item, where)
        if items is None:
            return None
        if not items:
            self.fail(item, f"{where} must list at least one URL")
            return None
        out = []
        for entry in items:
            url = self.text(entry, f"{where} entry", r"https?://\S+")
            if url is not None:
                out.append(url)
        return tuple(out)

    def bilingual(self, item: Item, where: str) -> dict[str, str] | None:
        fields = self.mapping(item, where, ("en", "zh-TW"))
        if fields is None:
            return None
        out: dict[str, str] = {}
        for lang in ("en", "zh-TW"):
            if lang in fields:
                value = self.text(fields[lang], f"{where}.{lang}")
                if value is not None:
                    out[lang] = value
        return out if len(out) == 2 else None


MONEY_STEP = Decimal("0.001")  # $1 million, the unit of the H.4.1 tables and of the engine


def money_problem(value: Decimal) -> str | None:
    """Why ``value`` is not a usable USD-billions amount, or None."""
    if not value.is_finite() or value > bounds.USD.high or value < bounds.USD.low:
        return f"must be between {bounds.USD.low:,} and {bounds.USD.high:,} (USD billions)"
    if value != value.quantize(MONEY_STEP):
        return "must be in whole $1 millions (at most three decimals)"
    return None


def _month_problem(text: str, exc: ValueError) -> str:
    """What Month.parse objected to in ``text``, without repeating the quoted text."""
    reason = str(exc)
    return f"{text} {reason.split(' ', 1)[1]}" if reason.startswith(repr(text)) else reason


class DataErrors(DataError):
    """Several problems in one file. ``str()`` gives the first; ``errors`` has them all."""

    def __init__(self, errors: list[DataError]):
        first = errors[0]
        more = len(errors) - 1
        suffix = (
            f" (and {more} more problem{'s' if more > 1 else ''}; run 'qt validate')"
            if more
            else ""
        )
        super().__init__(first.message + suffix, path=first.path, line=first.line)
        self.errors = errors


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return show(value)


def show(value: Any) -> str:
    """A value from a file as an error message quotes it: short, strings in quotes."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, Decimal):
        return bounds.show(value)
    if isinstance(value, str):  # a value from the file, quoted and cut short
        return repr(value) if len(value) <= 80 else repr(value[:80]) + "..."
    return str(value)


def _closest(key: str, known: set[str]) -> str | None:
    import difflib

    hits = difflib.get_close_matches(key, sorted(known), n=1, cutoff=0.6)
    return hits[0] if hits else None
