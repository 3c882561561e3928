"""`qt validate`: check a policy or events file and list every problem."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ..options import LangOpt, PoliciesOpt, lang_of


def validate(
    file: Annotated[
        Path | None,
        typer.Argument(
            metavar="FILE",
            help="Policy or events file to check. Default: the one in use.",
            show_default=False,
        ),
    ] = None,
    policies: PoliciesOpt = None,
    lang: LangOpt = None,
) -> None:
    """Check a policy (or events) file and report every problem, one per line."""
    from ..sanitize import one_line
    from ..validate import check_file
    from . import say

    report = check_file(file or policies, lang_of(lang))
    for line in report.problems:
        say(line)
    if report.problems:
        raise typer.Exit(1)
    sys.stdout.write(one_line(report.summary) + "\n")
