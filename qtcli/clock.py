"""Today's date for qt, and how old the H.4.1 data are.

``QT_TODAY=YYYY-MM-DD`` stands in for the system date: tests and reproducible output pin it.
"""

from __future__ import annotations

import datetime as dt
import os
import re

from .errors import UsageError

STALE_DAYS = 45  # older data than this gets a note on stderr
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")


def today() -> dt.date:
    """``QT_TODAY`` when it is set, else the system date."""
    text = os.environ.get("QT_TODAY", "").strip()
    if not text:
        return dt.date.today()
    try:
        if not _DATE.match(text):
            raise ValueError
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"QT_TODAY must be a real date YYYY-MM-DD, got {text[:40]!r}") from None


def age_note(as_of: dt.date, machine: bool, lang: str = "en") -> None:
    """One line on stderr when the data end more than STALE_DAYS before today.

    ``machine`` (JSON or CSV output) keeps it silent unless stderr is a terminal. It never
    changes the exit code.
    """
    import sys

    if machine and not sys.stderr.isatty():
        return
    days = (today() - as_of).days
    if days <= STALE_DAYS:
        return
    from .i18n import msg

    sys.stderr.write("qt: note: " + msg("data.stale", lang, date=as_of.isoformat(), days=days))
    sys.stderr.write("\n")
