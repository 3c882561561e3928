"""`qt compare`: run 2 to 6 simulate scenarios side by side.

Each scenario string is parsed by the `qt simulate` command itself (the same options, the
same conversions, the same errors), then planned by the same code as simulate.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from ..options import (
    ChartOpt,
    FollowOpt,
    LangOpt,
    MonthsOpt,
    OutputOpt,
    PageFormat,
    PageFormatOpt,
    PlotOpt,
    PoliciesOpt,
    StartOpt,
    UntilReservesOpt,
    UntilTotalOpt,
    lang_of,
)  # fmt: skip

# Scenario strings such as "--regime qt2-2022-09" start with "--": let them through as arguments.
SETTINGS = {"ignore_unknown_options": True}


def compare(
    ctx: typer.Context,
    scenarios: Annotated[
        list[str],
        typer.Argument(
            metavar="SCENARIO",
            help="2 to 6 scenarios, each a quoted string of simulate options "
            "(plus --label NAME), or a name from --scenarios FILE.",
            show_default=False,
        ),
    ],
    months: MonthsOpt = 12,
    start: StartOpt = None,
    follow: FollowOpt = False,
    until_total: UntilTotalOpt = None,
    until_reserves: UntilReservesOpt = None,
    file: Annotated[
        Path | None,
        typer.Option(
            "--scenarios", metavar="FILE", help="YAML file of named scenarios.", show_default=False
        ),
    ] = None,
    monthly: Annotated[
        bool, typer.Option("--monthly", help="Add the month-by-month totals side by side.")
    ] = False,
    chart: ChartOpt = False,
    plot: PlotOpt = None,
    policies: PoliciesOpt = None,
    fmt: PageFormatOpt = PageFormat.table,
    output: OutputOpt = None,
    lang: LangOpt = None,
) -> None:
    """Compare 2 to 6 simulate scenarios: end holdings, changes, targets, paths.

    --months, --start, --follow, --until-total and --until-reserves given here apply to every
    scenario; a scenario may set its own.
    """
    from .. import compare as cmp
    from .. import policies as policy_file
    from .. import simulate as sim
    from ..errors import QtError
    from ..output import emit
    from ..reports import compare as report
    from .simulate import plan

    specs = cmp.specs(scenarios, file)  # count, names, labels: exit 2 before any work
    if plot is not None:
        from ..plot import check

        check(plot)
    shared = ["--months", str(months)] + (["--start", start] if start else [])
    shared += ["--follow"] if follow else []
    shared += ["--until-total", until_total] if until_total is not None else []
    shared += ["--until-reserves", until_reserves] if until_reserves is not None else []
    command = ctx.parent.command.get_command(ctx.parent, "simulate")  # type: ignore[union-attr]
    parsed = [_parse(command, ctx, spec, shared) for spec in specs]
    policy = policy_file.load(policies)
    compared = []
    for spec, params in zip(specs, parsed, strict=True):
        try:
            scenario = plan(policy, params)
        except QtError as exc:
            raise _named(spec, exc) from None
        compared.append(cmp.Compared(spec, sim.run(policy, scenario)))
    language = lang_of(lang)
    emit(fmt, output, report.rendering(compared, start, language, monthly, chart))
    if plot is not None:
        from ..plot import write

        write(lambda lang: report.figure(compared, lang), language, plot)


def _parse(command: Any, ctx: typer.Context, spec: Any, shared: list[str]) -> dict[str, Any]:
    """The simulate command's own parse of shared options + this scenario's options."""
    from .simulate import OUTPUT_PARAMS

    if any(t in ("--help", "-h") for t in spec.tokens):
        raise spec.error("--help is not a scenario option")
    try:
        sub = command.make_context("simulate", shared + list(spec.tokens), parent=ctx)
    except typer.TyperException as exc:
        raise _named(spec, exc) from None
    for name in OUTPUT_PARAMS:
        source = sub.get_parameter_source(name)
        if source is not None and source.name == "COMMANDLINE":
            option = next(p.opts[0] for p in command.params if p.name == name)
            raise spec.error(f"{option} is not a scenario option; give it to compare itself")
    return dict(sub.params)


def _named(spec: Any, exc: Exception) -> Exception:
    """A parser or planning error, restated for the scenario it comes from."""
    from ..errors import QtError

    if isinstance(exc, typer.TyperException):
        return spec.error(exc.format_message())  # type: ignore[attr-defined]
    if isinstance(exc, QtError) and exc.path is None and exc.exit_code == 2:
        return spec.error(exc.message)
    return exc
