"""Every command's terminal output: a console and what it draws (tables, panels, lists, prose).

Plain text written by hand, not rich: importing rich.console and laying a table out with it
cost a table command about a third of its run. Every string is passed through
:func:`qtcli.sanitize.clean` on the way in: text from a user's file or a download never
reaches the terminal with a control character or an escape sequence in it.
"""

from __future__ import annotations

import copy
import io
import os
import sys
from collections.abc import Callable, Sequence
from typing import Protocol, TextIO

from .sanitize import clean
from .wrapping import LABEL_COLUMN, Header, cells, header, short_path, widest_word, wrap

__all__ = [
    "Console", "console", "recorded", "fits", "table", "panel", "text",
    "bullets", "wrap", "header", "short_path", "cells", "LABEL_COLUMN",
]  # fmt: skip

Line = tuple[str, str]  # the text of one line, and its style ("", "bold", "dim", "italic")
_SGR = {"bold": "1", "dim": "2", "italic": "3"}
_NARROWEST_CONSOLE = 20


class Drawable(Protocol):
    def measure(self) -> tuple[int, int]: ...
    def render(self, width: int) -> list[Line]: ...


class Console:
    """Where output goes, how wide it is, and whether it may carry styles (a terminal only)."""

    def __init__(self, file: TextIO | None = None, width: int | None = None, styled: bool = False):
        self.file = sys.stdout if file is None else file
        self.width = max(width or _width(), _NARROWEST_CONSOLE)
        self.styled = styled

    def print(self, item: Drawable | None = None, *, soft_wrap: bool = False) -> None:
        """Draw ``item`` at the console's width (``soft_wrap``: long lines stay whole, for
        the terminal to wrap: a URL cut in two can't be copied); no item is an empty line."""
        if item is None:
            lines: list[Line] = [("", "")]
        elif soft_wrap and isinstance(item, Text):
            lines = [(line, item.style) for line in item.body.split("\n")]
        else:
            lines = item.render(self.width)
        self.file.write("".join(self._styled(text, style) + "\n" for text, style in lines))

    def _styled(self, text: str, style: str) -> str:
        if not (self.styled and style and text):
            return text
        codes = ";".join(_SGR[s] for s in style.split() if s in _SGR)
        return f"\x1b[{codes}m{text}\x1b[0m"


def _width() -> int:
    """COLUMNS when it is set, else the terminal's width, else 80."""
    env = os.environ.get("COLUMNS", "").strip()
    if env.isdigit() and int(env) > 0:
        return int(env)
    for stream in (sys.stdout, sys.stderr, sys.stdin):
        try:
            return os.get_terminal_size(stream.fileno()).columns
        except (AttributeError, OSError, ValueError):
            continue
    return 80


def console() -> Console:
    """A console on stdout: styles only on a terminal, and none at all under NO_COLOR or
    TERM=dumb; FORCE_COLOR styles a pipe too."""
    env = os.environ
    if env.get("NO_COLOR") or env.get("TERM") in ("dumb", "unknown"):
        styled = False
    elif env.get("FORCE_COLOR"):
        styled = True
    else:
        try:
            styled = sys.stdout.isatty()
        except (AttributeError, ValueError):
            styled = False
    return Console(styled=styled)


def recorded(draw: Callable[[Console], None], width: int = 100) -> str:
    """What ``draw`` prints, as plain text ``width`` cells wide (for --output files)."""
    buffer = io.StringIO()
    draw(Console(file=buffer, width=width))
    return buffer.getvalue()


def fits(console: Console, drawable: Drawable, tight: bool = False) -> bool:
    """Whether ``drawable`` fits the console: at its natural width, or with ``tight`` at its
    narrowest (every cell whole, headers wrapped at their spaces)."""
    return drawable.measure()[0 if tight else 1] <= console.width


# ---------------------------------------------------------------------------- text


class Text:
    """Text that wraps at spaces and between CJK characters (see :func:`wrap`)."""

    def __init__(self, body: str, style: str = ""):
        self.body = clean(body)
        self.style = style

    def measure(self) -> tuple[int, int]:
        return widest_word(self.body), max(map(cells, self.body.split("\n")))

    def render(self, width: int) -> list[Line]:
        return [(line, self.style) for line in wrap(self.body, width)]


def text(body: str, style: str | None = None) -> Text:
    return Text(body, style or "")


# ---------------------------------------------------------------------------- tables


class Table:
    """Rows of cells under a header; wrappable columns narrow until the table fits.

    ``compact``: no outer or inner vertical rules, two spaces between columns, one rule under
    the header (a wide table that still fits 80 columns). Else a box with a heavy head; a box
    too wide for the console at its narrowest is drawn compact.
    ``overflow``: a no-wrap cell wider than its column is cut with "…" ("ellipsis") or folded
    onto more lines ("fold").
    """

    def __init__(self, columns, rows, title, caption, compact, overflow):  # type: ignore[no-untyped-def]
        self.heads = [clean(c[0]) for c in columns]
        self.justify = [c[1] for c in columns]
        self.no_wrap = [bool(c[2]) if len(c) > 2 else False for c in columns]
        self.rows = [[c.body if isinstance(c, Text) else clean(str(c)) for c in r] for r in rows]
        self.title = Text(title, "italic") if title else None
        self.caption = Text(caption, "dim") if caption else None
        self.compact = compact
        self.overflow = overflow

    def _bounds(self) -> tuple[list[int], list[int]]:
        """Each column's narrowest and widest width, over its header and cells."""
        lows, highs = [], []
        for n, head in enumerate(self.heads):
            texts = [head, *(row[n] for row in self.rows)]
            high = max(cells(line) for t in texts for line in t.split("\n"))
            if self.no_wrap[n]:  # a header wraps at its spaces even over a no-wrap column
                body = [cells(line) for row in self.rows for line in row[n].split("\n")]
                low = max([0, *map(cells, head.split()), *body])
            else:
                low = max(map(widest_word, texts))
            lows.append(max(low, 1))
            highs.append(max(high, 1))
        return lows, highs

    def _extra(self) -> int:
        """Cells the rules and padding take."""
        n = len(self.heads)
        return 2 * (n - 1) if self.compact else 3 * n + 1

    def measure(self) -> tuple[int, int]:
        lows, highs = self._bounds()
        return sum(lows) + self._extra(), sum(highs) + self._extra()

    def widths(self, width: int) -> list[int]:
        """Column widths within ``width``: the widest column gives way first, down to its
        narrowest (longest word, or a no-wrap column's longest cell); then, if the table still
        does not fit, a wrappable column below its longest word; last, any column."""
        lows, widths = self._bounds()
        excess = sum(widths) + self._extra() - width
        texts = [[head, *(row[n] for row in self.rows)] for n, head in enumerate(self.heads)]
        ones = [
            max((2 for t in c if not t.isascii() and cells(t) > len(t)), default=1) for c in texts
        ]
        for floor, wrapping_only in ((lows, False), (ones, True), (ones, False)):
            while excess > 0:
                can = [
                    i for i, w in enumerate(widths)
                    if w > floor[i] and not (wrapping_only and self.no_wrap[i])
                ]  # fmt: skip
                if not can:
                    break
                i = max(can, key=lambda k: widths[k])
                second = max((widths[k] for k in can if k != i), default=floor[i])
                step = min(excess, max(widths[i] - max(second, floor[i]), 1))
                widths[i] -= step
                excess -= step
        return widths

    def render(self, width: int) -> list[Line]:
        if not self.compact and self.measure()[0] > width:  # a box too wide drops its rules
            narrow = copy.copy(self)
            narrow.compact = True
            return narrow.render(width)
        widths = self.widths(width)
        if self.compact:
            head = self._grid(widths, [self.heads], "  ", head=True)
            body = self._grid(widths, self.rows, "  ")
            lines = [(r, "bold") for r in head] + [("─" * (sum(widths) + self._extra()), "")]
            lines += [(r, "") for r in body]
        else:
            rule = {k: _rule(widths, *v) for k, v in _BOX.items()}
            head = self._grid(widths, [self.heads], " ┃ ", head=True)
            body = self._grid(widths, self.rows, " │ ")
            lines = [(rule["top"], "")] + [(f"┃ {r} ┃", "bold") for r in head]
            lines += [(rule["head"], "")] + [(f"│ {r} │", "") for r in body]
            lines += [(rule["bottom"], "")]
        own = min(sum(widths) + self._extra(), width)  # title and caption wrap at the table's width
        out = self.title.render(own) if self.title else []
        out += [(text.rstrip(), style) for text, style in lines]
        return out + (self.caption.render(own) if self.caption else [])

    def _grid(
        self, widths: list[int], rows: list[list[str]], joint: str, head: bool = False
    ) -> list[str]:
        """Each row's cells wrapped to their widths and side by side, joined by ``joint``."""
        out = []
        for row in rows:
            parts = [self._cell(cell, n, widths[n], head) for n, cell in enumerate(row)]
            height = max(map(len, parts))
            for n, part in enumerate(parts):  # a header sits on the rule; a cell at the top
                blank = [" " * widths[n]] * (height - len(part))
                parts[n] = blank + part if head else part + blank
            out += [joint.join(line) for line in zip(*parts, strict=True)]
        return out

    def _cell(self, cell: str, n: int, width: int, head: bool) -> list[str]:
        if head or not self.no_wrap[n]:
            lines = wrap(cell, width)
        elif self.overflow == "fold":
            lines = [part for line in cell.split("\n") for part in wrap(line, width)]
        else:
            lines = [_cut(line, width) for line in cell.split("\n")]
        return [_pad(line, width, self.justify[n]) for line in lines]


_BOX = {
    "top": ("┏", "━", "┳", "┓"),
    "head": ("┡", "━", "╇", "┩"),
    "bottom": ("└", "─", "┴", "┘"),
}


def _rule(widths: list[int], left: str, line: str, cross: str, right: str) -> str:
    return left + cross.join(line * (w + 2) for w in widths) + right


def _cut(line: str, width: int) -> str:
    if cells(line) <= width:
        return line
    while line and cells(line) > width - 1:
        line = line[:-1]
    return line + "…"


def _pad(line: str, width: int, justify: str) -> str:
    room = max(width - cells(line), 0)
    if justify == "right":
        return " " * room + line
    if justify == "center":
        return " " * (room // 2) + line + " " * (room - room // 2)
    return line + " " * room


def table(
    columns: Sequence[tuple[str, str] | tuple[str, str, bool]],
    rows: Sequence[Sequence[object]],
    *,
    title: str | None = None,
    caption: str | None = None,
    compact: bool = False,
    overflow: str = "ellipsis",
) -> Table:
    """A table; ``columns`` are (header, justify[, no_wrap]) and cells are text or prose."""
    return Table(columns, rows, title, caption, compact, overflow)


# ---------------------------------------------------------------------------- panels and lists


class Panel:
    """Prose in a rounded box as wide as the console, with a title in its top rule."""

    def __init__(self, body: Text, title: str | None):
        self.body = body
        self.title = clean(title) if title else ""

    def measure(self) -> tuple[int, int]:
        low, high = self.body.measure()
        return low + 4, max(high + 4, cells(self.title) + 6)

    def render(self, width: int) -> list[Line]:
        inner = width - 4
        name = f" {_cut(self.title, width - 6)} " if self.title else ""
        top = "╭─" + name + "─" * max(width - 3 - cells(name), 0) + "╮"
        lines = [(top, "")]
        lines += [("│ " + _pad(t, inner, "left") + " │", "") for t, _ in self.body.render(inner)]
        return lines + [("╰" + "─" * (width - 2) + "╯", "")]


def panel(body: str | Text, title: str | None = None) -> Panel:
    return Panel(body if isinstance(body, Text) else Text(body), title)


class Bullets:
    """A list whose wrapped lines hang under their first line, not under the marker."""

    def __init__(self, items: Sequence[str], numbered: bool):
        self.marks = [f"{n}." if numbered else "•" for n in range(1, len(items) + 1)]
        self.items = [Text(item) for item in items]

    def measure(self) -> tuple[int, int]:
        mark = max(map(cells, self.marks), default=0) + 1
        bounds = [item.measure() for item in self.items] or [(0, 0)]
        return mark + max(b[0] for b in bounds), mark + max(b[1] for b in bounds)

    def render(self, width: int) -> list[Line]:
        mark = max(map(cells, self.marks), default=0)
        out: list[Line] = []
        for sign, item in zip(self.marks, self.items, strict=True):
            for n, (line, _) in enumerate(item.render(max(width - mark - 1, 1))):
                lead = _pad(sign, mark, "right") if n == 0 else " " * mark
                out.append((f"{lead} {line}".rstrip(), ""))
        return out


def bullets(items: Sequence[str], *, numbered: bool = False) -> Bullets:
    return Bullets(items, numbered)


__all__ += ["Header", "Text", "Table", "Panel", "Bullets"]
