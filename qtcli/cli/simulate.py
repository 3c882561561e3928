"""`qt simulate`: project holdings month by month under a runoff regime."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

from ..options import (
    ChartOpt,
    CprOpt,
    FollowOpt,
    LangOpt,
    LiabilitiesOpt,
    MaturitiesOpt,
    MbsCapOpt,
    MbsOpt,
    MonthsOpt,
    OnrrpEndOpt,
    OtherGrowthOpt,
    OutputOpt,
    PageFormat,
    PageFormatOpt,
    PlotOpt,
    PoliciesOpt,
    RegimeOpt,
    StartOpt,
    TreasuriesOpt,
    TreasuryCapOpt,
    UntilReservesOpt,
    UntilTotalOpt,
    lang_of,
)  # fmt: skip

if TYPE_CHECKING:
    from ..model import PolicyFile
    from ..simulate import Scenario

# The simulate options that shape the output, not the projection: `qt compare` takes these
# once for all its scenarios, and refuses them inside one.
OUTPUT_PARAMS = ("chart", "liabilities", "plot", "policies", "fmt", "output", "lang")


def simulate(
    months: MonthsOpt = 12,
    regime: RegimeOpt = None,
    start: StartOpt = None,
    treasuries: TreasuriesOpt = None,
    mbs: MbsOpt = None,
    treasury_cap: TreasuryCapOpt = None,
    mbs_cap: MbsCapOpt = None,
    cpr: CprOpt = None,
    follow: FollowOpt = False,
    until_total: UntilTotalOpt = None,
    maturities: MaturitiesOpt = None,
    onrrp_end: OnrrpEndOpt = None,
    other_growth: OtherGrowthOpt = None,
    until_reserves: UntilReservesOpt = None,
    liabilities: LiabilitiesOpt = False,
    chart: ChartOpt = False,
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
