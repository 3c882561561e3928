"""`qt explain`: the explain topics, with their figures filled in."""

from __future__ import annotations

from typing import Annotated

import typer

from ..options import Format, FormatOpt, LangOpt, OutputOpt, PoliciesOpt, lang_of


def explain(
    topic: Annotated[
        str | None,
        typer.Argument(
            metavar="TOPIC",
            help="Topic id, see --list. Default: compare (QE vs QT side by side).",
            show_default=False,
        ),
    ] = None,
    list_topics: Annotated[
        bool, typer.Option("--list", help="List the topics with a summary of each.")
    ] = False,
    plain: Annotated[
        bool, typer.Option("--plain", help="Plain text: no boxes, no colour.")
    ] = False,
    policies: PoliciesOpt = None,
    fmt: FormatOpt = Format.table,
    output: OutputOpt = None,
    lang: LangOpt = None,
) -> None:
    """Explain QE, QT and the Fed's balance sheet, in English or Traditional Chinese."""
    from .. import explain as texts
    from .. import policies as policy_file
    from ..figures import Figures
    from ..output import deliver, emit
    from ..reports import explain as report

    if plain and fmt is not Format.table:
        raise typer.BadParameter(f"plain text cannot be --format {fmt.value}", param_hint="--plain")
    if list_topics and topic:
        raise typer.BadParameter("give a topic or --list, not both", param_hint="--list")
    language = lang_of(lang)
    book = texts.load(language)
    chosen = None if list_topics else book.topic(topic or texts.DEFAULT_TOPIC)  # unknown: exit 2
    figures = Figures(lambda: policy_file.load(policies))
    if chosen is None:
        doc = report.listing(book, figures)
    else:
        doc = report.document(chosen, language, figures)
    if plain:
        return deliver(report.plain(doc), output)
    emit(fmt, output, report.rendering(doc))
