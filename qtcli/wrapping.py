"""Text in lines of terminal cells: CJK-aware wrapping, header lines with a hanging indent,
and paths shortened to fit."""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Sequence
from functools import cache, lru_cache

from .sanitize import clean


def cells(text: str) -> int:
    """How many terminal cells ``text`` takes: two for a wide (CJK) character, none for a
    combining mark."""
    if text.isascii():
        return len(text)
    return sum(map(_char_cells, text))


@lru_cache(maxsize=4096)
def _char_cells(char: str) -> int:
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


# Lines break at whitespace and between CJK characters (a Chinese sentence has no spaces).
# What never breaks: a run of other characters ("5,000" is one run, "a, b" two), a number
# with its unit (每月5,000億美元, 2025年, 25個基點), an opening bracket with what follows it
# and closing punctuation with what precedes it, as Taiwanese typesetting does.
_CJK = (
    "\u1100-\u115f\u2e80-\u303e\u3040-\u33ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3"
    "\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6"
)
_OPEN = "（「『【《〈(["
_CLOSE = "，。、；：！？）」』】》〉…,.;:!?)]%"
_RUN = f"(?:[^\\s,;:{_CJK}]|(?<=\\d)[,;:](?=\\d))+"
_UNIT = "(?:[億兆萬]?(?:美元|元)|[億兆萬]|個基點|個百分點|年|月|日)"


@cache
def _tokens() -> re.Pattern[str]:
    """Compiled on first use (about 5 ms): only prose that wraps needs it."""
    close = re.escape(_CLOSE)
    return re.compile(
        f"\\s+|[{re.escape(_OPEN)}]*(?:(?:每月|新台幣)?{_RUN}(?:(?<=\\d){_UNIT})?|[{_CJK}])[{close}]*|."
    )


_NO_START = set(_CLOSE)
_NO_END = set(_OPEN)


def widest_word(body: str) -> int:
    """The widest piece of ``body`` that :func:`wrap` never breaks, in cells."""
    return max((cells(t) for t in _tokens().findall(body) if not t.isspace()), default=0)


def wrap(body: str, width: int) -> list[str]:
    """``body`` broken into lines of at most ``width`` terminal cells; newlines are kept."""
    width = max(width, 1)  # a wide character alone still takes its 2 cells
    out: list[str] = []
    for paragraph in body.split("\n"):
        out += _wrap_line(_tokens().findall(paragraph), width)
    return out


def _wrap_line(tokens: list[str], width: int) -> list[str]:
    lines: list[list[str]] = [[]]
    for token in tokens:
        line = lines[-1]
        if token.isspace():
            if line:
                line.append(token)
            continue
        if cells("".join(line) + token) <= width:
            line.append(token)
            continue
        while line and line[-1].isspace():
            line.pop()
        carry: list[str] = []
        # Closing punctuation stays with the character before it, an opening bracket with
        # the character after it.
        if len(line) > 1 and (token[0] in _NO_START or line[-1][-1] in _NO_END):
            if cells(line[-1] + token) <= width:
                carry = [line.pop()]
                # ...and an opening bracket just before the carried piece goes with it
                if len(line) > 1 and line[-1][-1] in _NO_END:
                    if cells(line[-1] + carry[0] + token) <= width:
                        carry.insert(0, line.pop())
        if line:
            lines.append(carry)
        line = lines[-1]
        while cells("".join(line) + token) > width:  # only a word longer than a line
            head = _chop(token, width - cells("".join(line)))
            line.append(head)
            token = token[len(head) :]
            lines.append([])
            line = lines[-1]
        line.append(token)
    return ["".join(line).rstrip() for line in lines]


def _chop(word: str, room: int) -> str:
    """The longest start of ``word`` that fits in ``room`` cells (at least one character)."""
    end = 1
    while end < len(word) and cells(word[: end + 1]) <= room:
        end += 1
    return word[:end]


# ---------------------------------------------------------------------------- header lines

# The label column of qt's header lines ("Regime   ", "Data     ", "政策區間 "): 9 cells.
LABEL_COLUMN = 9
# Where else a header line's text starts: after an indent with an optional list number or
# sign ("  1. ", "  = "), or after a short "Label: " ("Model: ", "GDP: ", "快取：").
_LABEL = re.compile(r"[^\s:：]+(?: [^\s:：]+)?(?::\s+|：\s*)")
_INDENT = re.compile(r"\s+(?:(?:\d+\.|[•·=+]) +)?")
_COLUMN = (re.compile(r"\S+\s+"), re.compile(r"\S+ \S+\s+"))  # "Regime   ", "政策區間 "
_NARROWEST = 20  # cells: no hanging indent, and no path, is squeezed narrower than this


class Header:
    """Lines above or below a table, wrapped to the console with a hanging indent.

    A line too long for the console continues under the text after its label: under
    "qt2-..." in "Regime   qt2-2025-04 ...", under "nominal" in "GDP: nominal, ...".
    ``paths`` are the file paths in the lines: one that would not fit is shortened
    (:func:`short_path`).
    """

    def __init__(self, lines: Sequence[str], paths: Sequence[object] = (), column: int = 0):
        self.lines = [clean(part) for line in lines for part in line.split("\n")]
        self.paths = [clean(str(p)) for p in paths if p is not None]
        self.column = column

    def measure(self) -> tuple[int, int]:
        """The narrowest and the widest this can be drawn, in cells."""
        return _NARROWEST, max((cells(line) for line in self.lines), default=0)

    def render(self, width: int) -> list[tuple[str, str]]:
        return [(line, "") for line in self.wrapped(width)]

    def wrapped(self, width: int) -> list[str]:
        """Every line in lines of at most ``width`` cells."""
        out: list[str] = []
        for line in self.lines:
            if cells(line) <= width:
                out.append(line)
                continue
            lead = _lead(line, self.column)
            if width - cells(line[:lead]) < _NARROWEST:
                lead = 0
            out += _hang(self._fit_paths(line, lead, width), lead, width)
        return out

    def _fit_paths(self, line: str, lead: int, width: int) -> str:
        """``line`` with each path too long for where it stands shortened: to the rest of the
        first line when what comes before it fits there, else to a whole continuation line."""
        for path in self.paths:
            at = line.find(path)
            if at < 0:
                continue
            before = cells(line[:at])
            room = width - before if before <= width - _NARROWEST else width - cells(line[:lead])
            if cells(path) > room:
                line = line[:at] + short_path(path, max(room, _NARROWEST)) + line[at + len(path) :]
        return line


def header(lines: Sequence[str], paths: Sequence[object] = (), column: int = 0) -> Header:
    """``lines`` as a :class:`Header`; ``column=LABEL_COLUMN`` for qt's labelled header lines."""
    return Header(lines, paths, column)


def _lead(line: str, column: int) -> int:
    """Where the text after ``line``'s label (or indent) starts: its continuation lines' indent."""
    indent = _INDENT.match(line)
    if indent is not None:
        return indent.end()
    for pattern in _COLUMN:  # "Regime   qt2-...": the label column
        start = pattern.match(line)
        if start is not None and cells(start.group()) == column:
            return start.end()
    label = _LABEL.match(line)
    return label.end() if label is not None else 0


def _hang(line: str, lead: int, width: int) -> list[str]:
    """``line`` in lines of at most ``width`` cells, continued under ``line[lead:]``."""
    hang = cells(line[:lead])
    pad = " " * hang
    return [
        (line[:lead] if n == 0 else pad) + part
        for n, part in enumerate(wrap(line[lead:], width - hang))
    ]


def short_path(path: str, room: int) -> str:
    """``path`` in at most ``room`` cells: relative to the working directory when it is inside
    it, else its start and its file name with "…" between ("/home/ann/…/maturities.yaml")."""
    if cells(path) <= room:
        return path
    path = _relative(path)
    if cells(path) <= room:
        return path
    head, sep, name = path.rpartition(os.sep)
    if not sep:
        return "…" + _tail(path, room - 1)
    tail = "…" + sep + name
    if cells(tail) >= room:
        return "…" + _tail(sep + name, room - 1)
    keep = head[: max(1, room - cells(tail))]
    while cells(keep + tail) > room and len(keep) > 1:
        keep = keep[:-1]
    cut = keep.rfind(sep)  # end the start at a directory boundary where one is in reach
    if cut > 0:
        keep = keep[: cut + 1]
    return keep + tail


def _relative(path: str) -> str:
    try:
        where = os.getcwd()
    except OSError:
        return path
    if os.path.isabs(path) and os.path.commonpath([where, path]) == where and path != where:
        return os.path.relpath(path, where)
    return path


def _tail(text: str, room: int) -> str:
    """The longest end of ``text`` that fits in ``room`` cells."""
    start = len(text)
    while start > 0 and cells(text[start - 1 :]) <= room:
        start -= 1
    return text[start:]
