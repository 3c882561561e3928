"""`qt simulate`: project holdings month by month under a runoff regime."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..options import LangOpt, OutputOpt, PageFormat, PageFormatOpt, PlotOpt, PoliciesOpt, lang_of

if TYPE_CHECKING:
    from ..model import PolicyFile
    from ..simulate import Scenario

# The simulate options that shape the output, not the projection: `qt compare` takes these
# once for all its scenarios, and refuses them inside one.
OUTPUT_PARAMS = ("chart", "liabilities", "plot", "policies", "fmt", "output", "lang")


def simulate(
    months: Annotated[int, typer.Option(metavar="N", help="Months to project, 1 to 600.")] = 12,
    regime: Annotated[
        str | None,
        typer.Option(
            metavar="ID",
            help="Regime id to apply (see 'qt regimes'). Default: the latest QT regime.",
        ),
    ] = None,
    start: Annotated[
        str | None,
        typer.Option(
            metavar="YYYY-MM|latest",
            help="Start from actual H.4.1 holdings in this month, or 'latest': "
            "the most recent week in the data in use.",
        ),
    ] = None,
    treasuries: Annotated[
        str | None, typer.Option(metavar="USD_B", help="Start Treasury holdings, USD billions.")
    ] = None,
    mbs: Annotated[
        str | None, typer.Option(metavar="USD_B", help="Start MBS holdings, USD billions.")
    ] = None,
    treasury_cap: Annotated[
        str | None,
        typer.Option(metavar="USD_B", help="Override the Treasury cap, USD billions a month."),
    ] = None,
    mbs_cap: Annotated[
        str | None,
        typer.Option(metavar="USD_B", help="Override the MBS cap, USD billions a month."),
    ] = None,
    cpr: Annotated[
        str | None,
        typer.Option(
            metavar="RATE", help="Override the annual MBS prepayment rate (0.054 = 5.4%)."
        ),
    ] = None,
    follow: Annotated[
        bool, typer.Option("--follow", help="Switch regimes on the dates in policies.yaml.")
    ] = False,
    until_total: Annotated[
        str | None,
        typer.Option(
            metavar="USD_B", help="Report the month total holdings reach this level, USD billions."
        ),
    ] = None,
    maturities: Annotated[
        Path | None,
        typer.Option(
            metavar="FILE",
            help="Treasury principal maturing each month (YAML or CSV), USD billions.",
        ),
    ] = None,
    onrrp_end: Annotated[
        str | None,
        typer.Option(
            metavar="USD_B", help="ON RRP glides in a line to this by the last month, USD billions."
        ),
    ] = None,
    other_growth: Annotated[
        str | None,
        typer.Option(
            metavar="RATE",
            help="Annual growth of other liabilities (currency, TGA, ...), 0.062 = 6.2%.",
        ),
    ] = None,
    until_reserves: Annotated[
        str | None,
        typer.Option(
            metavar="USD_B", help="Report the month projected reserves reach this, USD billions."
        ),
    ] = None,
    liabilities: Annotated[
        bool,
        typer.Option(
            "--liabilities",
            help="Table the liability side: assets, ON RRP, other, reserves, % GDP.",
        ),
    ] = False,
    chart: Annotated[
        bool, typer.Option("--chart", help="Draw the holdings path after the table.")
    ] = False,
    plot: PlotOpt = None,
    policies: PoliciesOpt = None,
    fmt: PageFormatOpt = PageFormat.table,
    output: OutputOpt = None,
    lang: LangOpt = None,
) -> None:
    """Project Treasury and MBS holdings month by month under a runoff regime."""
    params = dict(locals())
    from .. import policies as policy_file
    from .. import simulate as sim
    from ..output import emit
    from ..reports import simulate as report

    if not 1 <= months <= sim.MAX_MONTHS:  # before loading anything: a usage error, exit 2
        raise typer.BadParameter(
            f"must be between 1 and {sim.MAX_MONTHS}, got {months}", param_hint="--months"
        )
    if plot is not None:
        from ..plot import check

        check(plot)  # a bad suffix is a usage error before any work
    policy = policy_file.load(policies)
    result = sim.run(policy, plan(policy, params))
    language = lang_of(lang)
    emit(fmt, output, report.rendering(result, language, chart, liabilities))
    if plot is not None:
        from ..plot import write

        write(lambda lang: report.figure(result, lang), language, plot)


def plan(policy: PolicyFile, params: dict[str, Any]) -> Scenario:
    """The scenario simulate's options describe; `qt compare` calls it for each scenario."""
    from .. import simulate as sim

    chosen = {k: v for k, v in params.items() if k not in OUTPUT_PARAMS}
    chosen["regime_id"] = chosen.pop("regime")
    return sim.plan(policy, **chosen)
