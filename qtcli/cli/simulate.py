"""`qt simulate`: project holdings month by month under a runoff regime."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..options import Format, FormatOpt, LangOpt, OutputOpt, PoliciesOpt, lang_of


def simulate(
    months: Annotated[int, typer.Option(help="Months to project, 1 to 600.")] = 12,
    regime: Annotated[
        str | None,
        typer.Option(help="Regime id to apply (see 'qt regimes'). Default: the latest QT regime."),
    ] = None,
    start: Annotated[
        str | None, typer.Option(help="Start from actual H.4.1 holdings in this month, YYYY-MM.")
    ] = None,
    treasuries: Annotated[
        str | None, typer.Option(help="Start Treasury holdings, USD billions.")
    ] = None,
    mbs: Annotated[str | None, typer.Option(help="Start MBS holdings, USD billions.")] = None,
    treasury_cap: Annotated[
        str | None, typer.Option(help="Override the Treasury cap, USD billions a month.")
    ] = None,
    mbs_cap: Annotated[
        str | None, typer.Option(help="Override the MBS cap, USD billions a month.")
    ] = None,
    cpr: Annotated[
        str | None, typer.Option(help="Override the annual MBS prepayment rate (0.054 = 5.4%).")
    ] = None,
    follow: Annotated[
        bool, typer.Option(help="Switch regimes on the dates in policies.yaml.")
    ] = False,
    until_total: Annotated[
        str | None,
        typer.Option(help="Report the month total holdings reach this level, USD billions."),
    ] = None,
    maturities: Annotated[
        Path | None,
        typer.Option(help="Treasury principal maturing each month (YAML or CSV), USD billions."),
    ] = None,
    chart: Annotated[bool, typer.Option(help="Draw the holdings path after the table.")] = False,
    policies: PoliciesOpt = None,
    fmt: FormatOpt = Format.table,
    output: OutputOpt = None,
    lang: LangOpt = None,
) -> None:
    """Project Treasury and MBS holdings month by month under a runoff regime."""
    from .. import policies as policy_file
    from .. import simulate as sim
    from ..output import emit
    from ..reports import simulate as report

    if not 1 <= months <= sim.MAX_MONTHS:  # before loading anything: a usage error, exit 2
        raise typer.BadParameter(
            f"must be between 1 and {sim.MAX_MONTHS}, got {months}", param_hint="--months"
        )
    policy = policy_file.load(policies)
    scenario = sim.plan(
        policy, months=months, regime_id=regime, start=start, treasuries=treasuries, mbs=mbs,
        treasury_cap=treasury_cap, mbs_cap=mbs_cap, cpr=cpr, follow=follow,
        until_total=until_total, maturities=maturities,
    )  # fmt: skip
    result = sim.run(policy, scenario)
    emit(fmt, output, report.rendering(result, lang_of(lang), chart))
