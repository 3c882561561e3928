"""`qt compare`: which scenarios to run, from the command line or a scenarios file.

A scenario is a short string of `qt simulate`'s own options (the CLI parses it with the
simulate command itself), optionally with ``--label NAME``, or the name of one in a YAML file:

    version: 1
    scenarios:
      caps-60-35:
        label: caps $60B/$35B        # optional; default: the name
        options: --regime qt2-2022-09
"""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import NamedTuple

from .checker import Checker
from .errors import DataError, QtError, UsageError
from .simulate import Result
from .yamlload import Item, YamlFile

FEWEST, MOST = 2, 6
NAME = r"[A-Za-z0-9][A-Za-z0-9_.-]{0,39}"
MAX_LABEL = 40


class Spec(NamedTuple):
    """One scenario as asked for: its label, its simulate options, and where it came from."""

    label: str
    options: str  # as given (the text after --label is removed)
    tokens: tuple[str, ...]
    where: str  # "scenario 2 ('--regime x')" or "FILE:LINE: scenario 'name'"
    path: str | None = None
    line: int | None = None

    def error(self, message: str) -> QtError:
        """A problem with this scenario: a usage error, or bad data naming the file's line."""
        if self.path is not None:
            return DataError(f"scenario '{self.label}': {message}", path=self.path, line=self.line)
        return UsageError(f"{self.where}: {message}")


class Compared(NamedTuple):
    spec: Spec
    result: Result


def specs(args: list[str], file: Path | None) -> list[Spec]:
    """The scenarios in order; 2 to 6 of them, each a simulate options string or a file name."""
    if not FEWEST <= len(args) <= MOST:
        raise UsageError(f"compare takes {FEWEST} to {MOST} scenarios, got {len(args)}")
    named = load(file) if file is not None else {}
    out = []
    for i, arg in enumerate(args, 1):
        text = arg.strip()
        if text in named:
            out.append(named[text])
        elif text and not text.startswith("-"):
            where = f" in {file}" if file is not None else " (no --scenarios FILE given)"
            raise UsageError(f"scenario {i}: no scenario named '{text}'{where}")
        else:
            out.append(_parse(text, f"scenario {i} ('{text}')", None, None, None))
    labels = [s.label for s in out]
    for i, spec in enumerate(out):
        if labels.count(spec.label) > 1:
            out[i] = spec._replace(label=f"{spec.label} #{i + 1}")
    return out


def _parse(text: str, where: str, name: str | None, path: str | None, line: int | None) -> Spec:
    spec = Spec(name or text, text, (), where, path, line)
    try:
        tokens = shlex.split(text)
    except ValueError as exc:
        raise spec.error(f"cannot split the options: {exc}") from None
    label = name
    kept: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token == "--label" or token.startswith("--label="):
            value = token.partition("=")[2] if "=" in token else None
            if value is None:
                if i + 1 >= len(tokens):
                    raise spec.error("--label needs a name")
                value = tokens[i + 1]
                i += 1
            label = value
        else:
            kept.append(token)
        i += 1
    if label is not None and not (label.strip() and label.isprintable()):
        raise spec.error("--label must be printable text")
    if label is not None and len(label) > MAX_LABEL:
        raise spec.error(f"--label is at most {MAX_LABEL} characters")
    options = " ".join(shlex.quote(t) for t in kept)
    return spec._replace(label=label or options or "defaults", options=options, tokens=tuple(kept))


def load(path: Path) -> dict[str, Spec]:
    """Named scenarios from a YAML file; every problem names its file:line."""
    file = YamlFile(path)
    c = Checker(file)
    top = c.document("scenarios file", ("scenarios",))
    out: dict[str, Spec] = {}
    found = top.get("scenarios")
    if found is not None:
        if not isinstance(found.value, dict) or not found.value:
            c.fail(found, "scenarios must be a mapping of names to scenarios")
        else:
            for name, item in found.value.items():
                where = f"scenario '{name}'"
                line = found.key_line(name)
                if c.text(Item(name, line), "scenario name", NAME) is None:
                    continue
                body = c.mapping(item, where, ("options",), ("label",))
                if body is None:
                    continue
                options = (
                    c.text(body["options"], f"{where}: options") if "options" in body else None
                )
                label = c.text(body["label"], f"{where}: label") if "label" in body else None
                if options is None or ("label" in body and label is None):
                    continue
                try:
                    spec = _parse(options, where, name, file.name, line)
                except DataError as exc:
                    c.errors.append(exc)
                    continue
                out[name] = spec._replace(label=label[:MAX_LABEL]) if label else spec
    c.raise_if_failed()
    return out
