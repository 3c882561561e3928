"""`qt regimes`: list the regimes in the policy file."""

from __future__ import annotations

from ..options import Format, FormatOpt, LangOpt, OutputOpt, PoliciesOpt, lang_of


def regimes(
    policies: PoliciesOpt = None,
    fmt: FormatOpt = Format.table,
    output: OutputOpt = None,
    lang: LangOpt = None,
) -> None:
    """List the balance-sheet regimes in the policy file."""
    from .. import policies as policy_file
    from ..output import emit
    from ..reports import regimes as report

    policy = policy_file.load(policies)
    emit(fmt, output, report.rendering(policy, lang_of(lang)))
