"""The only module that imports rich. Tables, panels and consoles for every command."""

from __future__ import annotations

import io
from collections.abc import Sequence

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

__all__ = ["Console", "console", "file_console", "table", "panel", "text", "escape"]


def console() -> Console:
    """A console on stdout; rich itself honours NO_COLOR, TERM=dumb and non-TTY output."""
    return Console(highlight=False, soft_wrap=False)


def file_console(width: int = 100) -> Console:
    """A console that records plain text for --output files."""
    return Console(file=io.StringIO(), width=width, color_system=None, highlight=False)


def table(
    columns: Sequence[tuple[str, str] | tuple[str, str, bool]],
    rows: Sequence[Sequence[str]],
    *,
    title: str | None = None,
    caption: str | None = None,
    compact: bool = False,
) -> Table:
    """A table; ``columns`` are (header, justify[, no_wrap]) and cells are plain text."""
    t = Table(title=title, caption=caption, caption_justify="left", title_justify="left")
    if compact:  # no outer or inner vertical rules: a wide table that still fits 80 columns
        t.box = box.SIMPLE_HEAD
        t.show_edge = False
        t.pad_edge = False
    for header, justify, *rest in columns:
        t.add_column(header, justify=justify, no_wrap=bool(rest and rest[0]))  # type: ignore[arg-type]
    for row in rows:
        t.add_row(*(Text(str(cell)) for cell in row))
    return t


def panel(body: str, title: str | None = None) -> Panel:
    return Panel(Text(body), title=escape(title) if title else None, title_align="left")


def text(body: str, style: str | None = None) -> Text:
    return Text(body, style=style or "")
