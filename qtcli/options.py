"""Options shared by every command, declared once."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption


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
        metavar="FILE",
        help="Policy file to use instead of the shipped policies.yaml.",
        show_default=False,
    ),
]


def choices(kind: type[Enum]) -> str:
    """An enum's values as a metavar: ``table|json|csv``."""
    return "|".join(str(member.value) for member in kind)


FormatOpt = Annotated[
    Format,
    typer.Option("--format", "-f", metavar="FORMAT", help="Output format: table, json or csv."),
]
PageFormatOpt = Annotated[
    PageFormat,
    typer.Option(
        "--format", "-f", metavar="FORMAT", help="Output format: table, json, csv or html."
    ),
]
PlotOpt = Annotated[
    Path | None,
    typer.Option(
        "--plot",
        metavar="FILE",
        help="Also write the chart to this .png or .svg file (needs the 'plot' extra).",
        show_default=False,
    ),
]
OutputOpt = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o", metavar="FILE", help="Write to this file (atomically) instead of stdout."
    ),
]
LangOpt = Annotated[
    Lang | None,
    typer.Option(
        "--lang",
        metavar=choices(Lang),
        help="Language: en or zh-TW. Default: from LANG, else en.",
        show_default=False,
    ),
]


class PlainHelp:
    """--help shows each value's form (its metavar: N, USD_B, FILE), never a type name.

    Typer prints ``<str>``, ``<int>`` or ``<bool>`` beside each parameter; an argument's
    metavar already names it, and a flag takes no value.
    """

    def get_params(self, ctx: Any) -> Any:
        params = super().get_params(ctx)  # type: ignore[misc]
        for param in params:
            if isinstance(param, TyperArgument):
                param.display_type_rich = _no_type  # type: ignore[method-assign]
            elif isinstance(param, TyperOption) and param.is_flag and param.metavar is None:
                param.metavar = ""
        return params


def _no_type(ctx: Any) -> None:
    return None


class Command(PlainHelp, TyperCommand):
    """Every qt command: ``app.command(cls=Command)``."""


class Group(PlainHelp, TyperGroup):
    """Every qt command group."""


def lang_of(value: Lang | None) -> str:
    """The language to speak: --lang, else the locale, else English."""
    from .i18n import pick_lang

    return pick_lang(value.value if value else None)
