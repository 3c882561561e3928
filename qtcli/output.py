"""The one place that turns a command's result into table, JSON or CSV, on stdout or a file.

JSON and CSV never import the table renderer (render.py); only the table path does. Text from a
user's file keeps its content in JSON (every control escaped as ``\\u00XX``) and CSV (quoted
as CSV needs); whatever goes to a terminal is cleaned of controls (qtcli.sanitize).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

from .atomic import write_atomic
from .model import Month
from .options import Format, PageFormat


def plain(value: Any) -> Any:
    """A value as JSON/CSV carries it: Decimals as exact strings, dates and months as ISO text."""
    if isinstance(value, Decimal):
        return decimal_text(value)
    if isinstance(value, (dt.date, Month)):
        return str(value) if isinstance(value, Month) else value.isoformat()
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def decimal_text(value: Decimal) -> str:
    """Exact text for a Decimal, without exponent notation; zero is always '0'."""
    if value == 0:
        return "0"
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def to_json(obj: Any) -> str:
    from .sanitize import json_escape

    return json_escape(json.dumps(plain(obj), ensure_ascii=False, indent=2)) + "\n"


def to_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else _csv_cell(plain(v)) for v in row])
    return buffer.getvalue()


def _csv_cell(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return " ".join(str(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}={v}" for k, v in value.items())
    return value


def deliver(text: str, output: Path | None) -> None:
    """Write the finished text to stdout, or atomically to ``output``.

    On a terminal the text is cleaned of control characters first: a CSV cell from a user's
    file may hold an escape sequence that CSV has no way to escape.
    """
    if output is None:
        if sys.stdout.isatty():
            from .sanitize import clean

            text = clean(text)
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        write_atomic(output, text)


class Rendering(NamedTuple):
    """One result, ready for each format; only the one asked for is ever computed."""

    json: Callable[[], Any]
    csv: Callable[[], tuple[Sequence[str], Iterable[Sequence[Any]]]]
    table: Callable[[Any], None]  # draws on a render.Console
    html: Callable[[], str] | None = None  # a self-contained page, for --format html
    data_as_of: dt.date | None = None  # the latest H.4.1 week used: a note when it is old
    lang: str = "en"  # of that note


def emit(fmt: Format | PageFormat, output: Path | None, rendering: Rendering) -> None:
    """Render one result in the chosen format, to stdout or atomically to ``output``; then,
    when the result rests on old H.4.1 data, say so on stderr (qtcli.clock.age_note)."""
    if fmt.value == "json":
        deliver(to_json(rendering.json()), output)
    elif fmt.value == "html":
        if rendering.html is None:
            from .errors import UsageError

            raise UsageError("--format html is not available for this output")
        deliver(rendering.html(), output)
    elif fmt.value == "csv":
        header, rows = rendering.csv()
        deliver(to_csv(header, rows), output)
    else:
        from . import render

        if output is None:
            rendering.table(render.console())
        else:
            deliver(render.recorded(rendering.table), output)
    if rendering.data_as_of is not None:
        from .clock import age_note

        age_note(rendering.data_as_of, fmt.value in ("json", "csv"), rendering.lang)
