"""Options shared by every command, declared once."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer


class Format(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


class PageFormat(str, Enum):
    """The formats of the commands that can also write a self-contained HTML page."""

    table = "table"
    json = "json"
    csv = "csv"
    html = "html"


class Lang(str, Enum):
    en = "en"
    zh_TW = "zh-TW"


PoliciesOpt = Annotated[
    Path | None,
    typer.Option(
        "--policies",
        envvar="QT_POLICIES",
        help="Policy file to use instead of the shipped policies.yaml.",
        show_default=False,
    ),
]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
PageFormatOpt = Annotated[PageFormat, typer.Option("--format", "-f", help="Output format.")]
PlotOpt = Annotated[
    Path | None,
    typer.Option(
        "--plot",
        help="Also write the chart to this .png or .svg file (needs the 'plot' extra).",
        show_default=False,
    ),
]
OutputOpt = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write to this file (atomically) instead of stdout."),
]
LangOpt = Annotated[
    Lang | None,
    typer.Option(
        "--lang", help="Language: en or zh-TW. Default: from LANG, else en.", show_default=False
    ),
]


def lang_of(value: Lang | None) -> str:
    """The language to speak: --lang, else the locale, else English."""
    from .i18n import pick_lang

    return pick_lang(value.value if value else None)
