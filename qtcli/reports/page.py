"""`--format html`: one self-contained page (header, table, inline SVG chart, assumptions,
sources as links) to attach to an email.

No scripts, no external fonts, styles or images; the only URLs are the sources' links.
Every text is escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any, NamedTuple

from .. import __version__, i18n
from ..model import Month
from ..sanitize import html_escape as escape

STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans TC",
       "Microsoft JhengHei", sans-serif; margin: 2em auto; max-width: 60em; padding: 0 1em;
       color: #222; line-height: 1.45; }
h1 { font-size: 1.4em; } h2 { font-size: 1.1em; margin-top: 1.6em; }
.header { white-space: pre-wrap; font-family: ui-monospace, Menlo, Consolas, monospace;
          background: #f6f6f6; padding: .8em; }
table { border-collapse: collapse; font-size: .9em; }
th, td { padding: .2em .6em; border-bottom: 1px solid #ddd; vertical-align: top; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
caption { caption-side: bottom; text-align: left; color: #555; padding-top: .4em; }
svg { max-width: 100%; height: auto; }
footer { margin-top: 2em; color: #666; font-size: .85em; }
"""


class Table(NamedTuple):
    columns: Sequence[str]
    rows: Sequence[Sequence[Any]]  # Decimals are shown exactly, right-aligned
    caption: str = ""


def cell(value: Any) -> str:
    """A table cell's text: Decimals exact with thousands separators, None empty."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        from ..output import decimal_text

        whole, dot, frac = decimal_text(value).partition(".")
        sign = "-" if whole.startswith("-") else ""
        return f"{sign}{int(whole.lstrip('-')):,}{dot}{frac}"
    if isinstance(value, Month):
        return str(value)
    return str(value)


def _table(t: Table) -> str:
    out = ["<table>"]
    if t.caption:
        out.append(f"<caption>{escape(t.caption)}</caption>")
    out.append(
        "<thead><tr>" + "".join(f"<th>{escape(c)}</th>" for c in t.columns) + "</tr></thead>"
    )
    out.append("<tbody>")
    for row in t.rows:
        cells = []
        for value in row:
            numeric = ' class="n"' if isinstance(value, Decimal) else ""
            cells.append(f"<td{numeric}>{escape(cell(value))}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def _link(url: str) -> str:
    """A source link; only http(s) URLs become links, anything else stays text."""
    if url.startswith(("https://", "http://")):
        return f'<a href="{escape(url, quote=True)}">{escape(url)}</a>'
    return escape(url)


def page(
    *,
    lang: str,
    title: str,
    header: Sequence[str] = (),
    tables: Sequence[Table] = (),
    svg: str | None = None,
    assumptions: Sequence[str] = (),
    sources: Sequence[str] = (),
    notes: Sequence[str] = (),
) -> str:
    m = i18n.msg
    html_lang = "zh-Hant-TW" if lang == "zh-TW" else "en"
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{html_lang}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        f"<h1>{escape(title)}</h1>",
    ]
    if header:
        out.append(f'<div class="header">{escape(chr(10).join(header))}</div>')
    for note in notes:
        out.append(f"<p>{escape(note)}</p>")
    if svg:
        out.append(f"<h2>{escape(m('page.chart', lang))}</h2>")
        out.append(f"<figure>{svg}</figure>")
    for t in tables:
        out.append(_table(t))
    if assumptions:
        out.append(f"<h2>{escape(m('page.assumptions', lang))}</h2>")
        out.append("<ul>" + "".join(f"<li>{escape(a)}</li>" for a in assumptions) + "</ul>")
    if sources:
        out.append(f"<h2>{escape(m('page.sources', lang))}</h2>")
        out.append("<ul>" + "".join(f"<li>{_link(s)}</li>" for s in sources) + "</ul>")
    out.append(f"<footer>{escape(m('page.made', lang, version=__version__))}</footer>")
    out.append("</body>\n</html>\n")
    return "\n".join(out)


H41_SOURCES = (
    "https://www.federalreserve.gov/releases/h41/",
    "https://fred.stlouisfed.org/series/TREAST",
    "https://fred.stlouisfed.org/series/WSHOMCB",
)


def model_notes(lang: str) -> list[str]:
    """The model's conventions, which every simulate, compare and backtest page rests on."""
    return [i18n.msg(f"page.assume.{k}", lang) for k in ("month", "runoff", "face")]
