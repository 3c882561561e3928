"""Strict YAML reading for qt's data files: a document as an :class:`Item` tree with lines.

PyYAML is asked only to *compose* the document; we build the values ourselves from the node
tree, so every value keeps its line number, numbers become ``Decimal`` (never float), unknown
tags such as ``!!python/object`` are refused, duplicate keys are refused, and an alias bomb
runs out of budget instead of memory. Checking the values is :mod:`qtcli.checker`'s job.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from . import bounds
from .errors import DataError

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
