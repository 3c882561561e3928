"""`qt history`: the sourced timeline of balance-sheet events."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..model import EVENT_KINDS
from ..options import LangOpt, OutputOpt, PageFormat, PageFormatOpt, lang_of


def history(
    bank: Annotated[str, typer.Option(metavar="fed|cbc|all", help="Which central bank.")] = "all",
    kind: Annotated[
        list[str] | None,
        typer.Option(
            metavar="KIND", help=f"Only this kind (repeatable): {', '.join(EVENT_KINDS)}."
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(metavar="DATE", help="From this date on: YYYY, YYYY-MM or YYYY-MM-DD."),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(
            metavar="DATE", help="Up to this date, inclusive: --until 2019 takes all of 2019."
        ),
    ] = None,
    search: Annotated[
        str | None,
        typer.Option(
            metavar="WORDS", help="Only events whose id, title or note has this text (any case)."
        ),
    ] = None,
    sources: Annotated[
        bool, typer.Option("--sources", help="List every event's source URLs after the table.")
    ] = False,
    events: Annotated[
        Path | None,
        typer.Option(
            "--events",
            envvar="QT_EVENTS",
            metavar="FILE",
            show_default=False,
            help="Events file to use instead of the shipped events.yaml.",
        ),
    ] = None,
    fmt: PageFormatOpt = PageFormat.table,
    output: OutputOpt = None,
    lang: LangOpt = None,
) -> None:
    """The sourced timeline of Fed and Taiwan central bank (CBC) balance-sheet events."""
    from .. import events as event_file
    from .. import history as hist
    from ..actuals import on_or_before
    from ..output import emit
    from ..reports import history as report

    chosen = hist.filters(bank, kind or (), since, until, search)  # bad: exit 2, nothing read
    entries = hist.timeline(event_file.load(events), chosen, on_or_before)
    language = lang_of(lang)
    emit(fmt, output, report.rendering(entries, language, sources))
