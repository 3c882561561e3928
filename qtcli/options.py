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


def _value(metavar: str, help: str) -> Any:
    """An option that takes a value; its name comes from the parameter (treasury_cap:
    --treasury-cap)."""
    return typer.Option(metavar=metavar, help=help)


def _flag(name: str, help: str) -> Any:
    """An on/off option, without a --no- twin."""
    return typer.Option(name, help=help)


# The projection's options: `qt simulate` declares them, `qt compare` parses each scenario
# with simulate's own parser and takes the shared ones (months to until-reserves) itself too.
MonthsOpt = Annotated[int, _value("N", "Months to project, 1 to 600.")]
RegimeOpt = Annotated[
    str | None,
    _value("ID", "Regime id to apply (see 'qt regimes'). Default: the latest QT regime."),
]
StartOpt = Annotated[
    str | None,
    _value(
        "YYYY-MM|latest",
        "Start from actual H.4.1 holdings in this month, or 'latest': "
        "the most recent week in the data in use.",
    ),
]
TreasuriesOpt = Annotated[str | None, _value("USD_B", "Start Treasury holdings, USD billions.")]
MbsOpt = Annotated[str | None, _value("USD_B", "Start MBS holdings, USD billions.")]
TreasuryCapOpt = Annotated[
    str | None, _value("USD_B", "Override the Treasury cap, USD billions a month.")
]
MbsCapOpt = Annotated[str | None, _value("USD_B", "Override the MBS cap, USD billions a month.")]
CprOpt = Annotated[
    str | None,
    _value("RATE", "Annual MBS prepayment rate instead of policies.yaml's (0.054 = 5.4%)."),
]
FollowOpt = Annotated[bool, _flag("--follow", "Switch regimes on the dates in policies.yaml.")]
UntilTotalOpt = Annotated[
    str | None, _value("USD_B", "Report the month total holdings reach this, USD billions.")
]
MaturitiesOpt = Annotated[
    Path | None,
    _value("FILE", "Treasury principal maturing each month (YAML or CSV), USD billions."),
]
OnrrpEndOpt = Annotated[
    str | None, _value("USD_B", "ON RRP glides in a line to this by the last month, USD billions.")
]
OtherGrowthOpt = Annotated[
    str | None,
    _value("RATE", "Annual growth of other liabilities (currency, TGA, ...), 0.062 = 6.2%."),
]
UntilReservesOpt = Annotated[
    str | None, _value("USD_B", "Report the month projected reserves reach this, USD billions.")
]
LiabilitiesOpt = Annotated[
    bool,
    _flag("--liabilities", "Table the liability side: assets, ON RRP, other, reserves, % GDP."),
]
ChartOpt = Annotated[bool, _flag("--chart", "Draw the chart in the terminal, after the table.")]


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
