"""The only module that imports rich. Tables, panels and consoles for every command.

Every string becomes a rich ``Text`` here, and every one is passed through
:func:`qtcli.sanitize.clean` on the way: text from a user's file or a download never reaches
the terminal with a control character or an escape sequence in it.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterator, Sequence
from functools import cache

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions
from rich.markup import escape
from rich.measure import Measurement
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .sanitize import clean

__all__ = [
    "Console", "console", "file_console", "fits", "table", "panel", "text", "escape",
    "bullets", "prose", "wrap", "header", "short_path", "cells",
]  # fmt: skip


def console() -> Console:
    """A console on stdout: plain text when piped, and no ANSI styling at all under NO_COLOR.

    (rich alone drops colours for NO_COLOR but keeps bold and italic.)
    """
    plain = bool(os.environ.get("NO_COLOR"))
    return Console(highlight=False, soft_wrap=False, color_system=None if plain else "auto")


def file_console(width: int = 100) -> Console:
    """A console that records plain text for --output files."""
    return Console(file=io.StringIO(), width=width, color_system=None, highlight=False)


def table(
    columns: Sequence[tuple[str, str] | tuple[str, str, bool]],
    rows: Sequence[Sequence[str | Prose]],
    *,
    title: str | None = None,
    caption: str | None = None,
    compact: bool = False,
) -> Table:
    """A table; ``columns`` are (header, justify[, no_wrap]) and cells are plain text or prose."""
    t = Table(
        title=_text(title) if title else None,  # Text, not markup: paths may have [brackets]
        caption=_text(caption) if caption else None,
        caption_justify="left",
        title_justify="left",
    )
    if compact:  # no outer or inner vertical rules: a wide table that still fits 80 columns
        t.box = box.SIMPLE_HEAD
        t.show_edge = False
        t.pad_edge = False
        t.padding = (0, 0, 0, 1)  # with the blank column divider: two spaces between columns
    for header, justify, *rest in columns:
        t.add_column(_text(header), justify=justify, no_wrap=bool(rest and rest[0]))  # type: ignore[arg-type]
    for row in rows:
        t.add_row(*(cell if isinstance(cell, Prose) else _text(str(cell)) for cell in row))
    return t


def fits(console: Console, renderable: Table) -> bool:
    """Whether ``renderable`` at its natural width fits the console without wrapping."""
    unbounded = console.options.update_width(1 << 16)
    return console.measure(renderable, options=unbounded).maximum <= console.width


def panel(body: str | Prose, title: str | None = None) -> Panel:
    content = body if isinstance(body, Prose) else _text(body)
    return Panel(content, title=escape(clean(title)) if title else None, title_align="left")


def text(body: str, style: str | None = None) -> Text:
    return _text(body, style or "")


def _text(body: str, style: str = "") -> Text:
    """The one way a string becomes rich Text: cleaned of terminal controls (qtcli.sanitize)."""
    return Text(clean(body), style=style)


def bullets(items: Sequence[str], *, numbered: bool = False) -> Table:
    """A list whose wrapped lines hang under their first line, not under the marker."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column()
    for n, item in enumerate(items, 1):
        grid.add_row(_text(f"{n}." if numbered else "•"), Prose(item))
    return grid


# Rich breaks lines only at whitespace, so a Chinese sentence is one long "word": it jumps to
# the next line whole, and in a table cell it is cut off with "…". Prose breaks between CJK
# characters too, and keeps closing punctuation off the start of a line (and opening
# brackets off the end), as Taiwanese typesetting does.
_CJK = (
    "\u1100-\u115f\u2e80-\u303e\u3040-\u33ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3"
    "\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6"
)
# A number keeps its unit: 400億美元, 2025年4月 break as whole pieces.
_UNIT = "兆美元|億美元|億元|美元|年|月|日"


@cache
def _tokens() -> re.Pattern[str]:
    """Compiled on first use (about 5 ms): only prose that wraps needs it."""
    return re.compile(f"\\s+|[^\\s{_CJK}]*[0-9](?:{_UNIT})|[{_CJK}]|[^\\s{_CJK}]+")


_NO_START = set("，。、；：！？）」』】》〉…,.;:!?)]%")
_NO_END = set("（「『【《〈([")


class Prose:
    """Text that wraps at spaces and between CJK characters (see :func:`wrap`)."""

    def __init__(self, body: str, style: str = ""):
        self.body = clean(body)
        self.style = style

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Text]:
        yield Text("\n".join(wrap(self.body, options.max_width)), style=self.style, no_wrap=True)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        tokens = [t for line in self.body.split("\n") for t in _tokens().findall(line)]
        widest = max((cell_len(t) for t in tokens if not t.isspace()), default=0)
        longest = max((cell_len(line) for line in self.body.split("\n")), default=0)
        return Measurement(min(widest, options.max_width), min(longest, options.max_width))


def prose(body: str, style: str | None = None) -> Prose:
    return Prose(body, style or "")


def wrap(body: str, width: int) -> list[str]:
    """``body`` broken into lines of at most ``width`` terminal cells; newlines are kept."""
    width = max(width, 2)
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
        if cell_len("".join(line) + token) <= width:
            line.append(token)
            continue
        while line and line[-1].isspace():
            line.pop()
        carry: list[str] = []
        # Closing punctuation stays with the character before it, an opening bracket with
        # the character after it.
        if len(line) > 1 and (token[0] in _NO_START or line[-1][-1] in _NO_END):
            if cell_len(line[-1] + token) <= width:
                carry = [line.pop()]
                # ...and an opening bracket just before the carried piece goes with it
                if len(line) > 1 and line[-1][-1] in _NO_END:
                    if cell_len(line[-1] + carry[0] + token) <= width:
                        carry.insert(0, line.pop())
        if line:
            lines.append(carry)
        line = lines[-1]
        while cell_len("".join(line) + token) > width:  # only a word longer than a line
            head = _chop(token, width - cell_len("".join(line)))
            line.append(head)
            token = token[len(head) :]
            lines.append([])
            line = lines[-1]
        line.append(token)
    return ["".join(line).rstrip() for line in lines]


def _chop(word: str, cells: int) -> str:
    """The longest start of ``word`` that fits in ``cells`` (at least one character)."""
    end = 1
    while end < len(word) and cell_len(word[: end + 1]) <= cells:
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

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Text]:
        yield Text("\n".join(self.wrapped(options.max_width)), no_wrap=True)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        longest = max((cell_len(line) for line in self.lines), default=0)
        return Measurement(min(_NARROWEST, options.max_width), min(longest, options.max_width))

    def wrapped(self, width: int) -> list[str]:
        """Every line in lines of at most ``width`` cells."""
        out: list[str] = []
        for line in self.lines:
            if cell_len(line) <= width:
                out.append(line)
                continue
            lead = _lead(line, self.column)
            if width - cell_len(line[:lead]) < _NARROWEST:
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
            before = cell_len(line[:at])
            room = width - before if before <= width - _NARROWEST else width - cell_len(line[:lead])
            if cell_len(path) > room:
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
        if start is not None and cell_len(start.group()) == column:
            return start.end()
    label = _LABEL.match(line)
    return label.end() if label is not None else 0


def _hang(line: str, lead: int, width: int) -> list[str]:
    """``line`` in lines of at most ``width`` cells, continued under ``line[lead:]``."""
    hang = cell_len(line[:lead])
    pad = " " * hang
    return [
        (line[:lead] if n == 0 else pad) + part
        for n, part in enumerate(wrap(line[lead:], width - hang))
    ]


def cells(text: str) -> int:
    """How many terminal cells ``text`` takes (a CJK character takes two)."""
    return cell_len(text)


def short_path(path: str, room: int) -> str:
    """``path`` in at most ``room`` cells: relative to the working directory when it is inside
    it, else its start and its file name with "…" between ("/home/ann/…/maturities.yaml")."""
    if cell_len(path) <= room:
        return path
    path = _relative(path)
    if cell_len(path) <= room:
        return path
    head, sep, name = path.rpartition(os.sep)
    if not sep:
        return "…" + _tail(path, room - 1)
    tail = "…" + sep + name
    if cell_len(tail) >= room:
        return "…" + _tail(sep + name, room - 1)
    keep = head[: max(1, room - cell_len(tail))]
    while cell_len(keep + tail) > room and len(keep) > 1:
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


def _tail(text: str, cells: int) -> str:
    """The longest end of ``text`` that fits in ``cells``."""
    start = len(text)
    while start > 0 and cell_len(text[start - 1 :]) <= cells:
        start -= 1
    return text[start:]
