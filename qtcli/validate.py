"""`qt validate`: check a policy or events file and list every problem."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import i18n
from .checker import DataErrors
from .errors import DataError
from .model import LANGS
from .yamlload import YamlFile


@dataclass(frozen=True)
class Report:
    problems: list[str]
    summary: str


def check_file(path: Path | None, lang: str) -> Report:
    """Validate ``path`` (default: the policy file in use): policies, events or explain texts."""
    from . import policies

    target = policies.resolve_path(path)
    try:
        file = YamlFile(target)
        top = file.root.value
        if isinstance(top, dict) and "events" in top and "regimes" not in top:
            from . import events

            count = len(events.check(file))
            return Report([], i18n.msg("validate.ok_events", lang, path=target, count=count))
        if isinstance(top, dict) and "topics" in top and "regimes" not in top:
            from . import explain

            text_lang = top["lang"].value if "lang" in top else None
            book = explain.check(file, text_lang if text_lang in LANGS else "en")
            count = len(book.topics)
            return Report([], i18n.msg("validate.ok_topics", lang, path=target, count=count))
        count = len(policies.check(file).regimes)
        return Report([], i18n.msg("validate.ok", lang, path=target, count=count))
    except DataErrors as many:
        return Report([str(e) for e in many.errors], "")
    except DataError as one:
        return Report([str(one)], "")
