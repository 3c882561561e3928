"""`qt data status` and `qt data update`: which H.4.1 copy is in use, and refreshing it from FRED.

Nothing here imports urllib, http or rich at module level.
"""

from __future__ import annotations

from typing import Annotated

import typer

from ..options import Command, Format, FormatOpt, Group, LangOpt, OutputOpt, lang_of

data_app = typer.Typer(
    cls=Group,
    help="Show which H.4.1 data copy is in use, or refresh it from FRED.",
    no_args_is_help=True,
)


@data_app.command(cls=Command)
def status(fmt: FormatOpt = Format.table, output: OutputOpt = None, lang: LangOpt = None) -> None:
    """For each series: the shipped snapshot, the downloaded cache, and which one is in use.

    The copy with the later last observation is used (a tie goes to the snapshot). A cache
    file that cannot be read is ignored in favour of the snapshot and reported here.
    """
    from .. import series
    from ..output import emit
    from ..reports import data as report

    result = series.status()
    emit(fmt, output, report.status_rendering(result, series.cache_dir(), lang_of(lang)))


@data_app.command(cls=Command)
def update(
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url",
            envvar="QT_FRED_URL",
            metavar="URL",
            help="FRED or a mirror serving /graph/fredgraph.csv?id=SERIES. "
            "[default: https://fred.stlouisfed.org]",
            show_default=False,
        ),
    ] = None,
    timeout: Annotated[
        float,
        typer.Option("--timeout", metavar="SECONDS", help="Seconds to wait for each download."),
    ] = 20.0,
    fmt: FormatOpt = Format.table,
    output: OutputOpt = None,
    lang: LangOpt = None,
) -> None:
    """Download WALCL, TREAST, WSHOMCB, WRESBAL, RRPONTSYD and GDP from FRED into the cache.

    Every series is checked before any file is replaced; on any error the old copy is kept
    as it was. The cache is $QT_DATA_DIR, else $XDG_CACHE_HOME/qt, else ~/.cache/qt.
    """
    from .. import series
    from ..output import emit
    from ..reports import data as report

    done = series.update(base_url, timeout)
    emit(fmt, output, report.updated_rendering(done, series.cache_dir(), lang_of(lang)))
