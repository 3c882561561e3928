"""`qt balance`: both sides of the Fed's balance sheet at a week, or the change between two."""

from __future__ import annotations

from typing import Annotated

import typer

from ..options import LangOpt, OutputOpt, PageFormat, PageFormatOpt, PlotOpt, lang_of


def balance(
    at: Annotated[
        str | None,
        typer.Option(
            "--at",
            metavar="DATE",
            help="This H.4.1 week instead of the latest: YYYY-MM (its first Wednesday) "
            "or YYYY-MM-DD (the last Wednesday on or before it). Shown beside a year earlier.",
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option("--from", metavar="DATE", help="Start of a change, YYYY-MM or YYYY-MM-DD."),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option("--to", metavar="DATE", help="End of a change (default: the latest week)."),
    ] = None,
    plot: PlotOpt = None,
    fmt: PageFormatOpt = PageFormat.table,
    output: OutputOpt = None,
    lang: LangOpt = None,
) -> None:
    """Assets (Treasuries, MBS, other) and liabilities (reserves, ON RRP, other) at a week.

    Other liabilities and capital = total assets - reserves - ON RRP: currency, the Treasury
    General Account, the foreign official repo pool, capital and the rest. Reserves (WRESBAL)
    are a week average; the other lines are Wednesday levels. With --from/--to: the change,
    split exactly into reserves + ON RRP + other.
    """
    from .. import balance as bal
    from ..errors import UsageError
    from ..output import emit
    from ..reports import balance as report

    if plot is not None:
        from ..plot import check

        check(plot)  # a bad suffix is a usage error before any work
    if at is not None and (since is not None or until is not None):
        raise UsageError("give --at, or --from/--to, not both")
    if since is None and until is not None:
        raise UsageError("--to needs --from")
    if since is not None:
        first = bal.week(since, "--from")
        last = bal.week(until, "--to") if until else bal.latest()
        if last <= first:
            raise UsageError(f"--to {last} is not after --from {first}")
        view = report.View(bal.Change(bal.sheet(first), bal.sheet(last)), ("from", "to"))
    else:
        day = bal.week(at, "--at") if at else bal.latest()
        earlier = bal.sheet(bal.year_earlier(day))
        view = report.View(bal.Change(earlier, bal.sheet(day)), ("year_earlier", "at"))
    language = lang_of(lang)
    emit(fmt, output, report.rendering(view, language))
    if plot is not None:
        from ..plot import write

        write(lambda lang: report.figure(view, lang), language, plot)
