"""Checking a YAML file's values: :class:`Checker` reads typed values out of :class:`Item` trees
and collects every problem; :class:`DataErrors` reports them together.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from . import bounds
from .errors import DataError
from .model import Month
from .yamlload import Item, YamlFile, show


class Checker:
    """Reads values out of :class:`Item` trees and collects every problem it finds.

    Each ``want_*`` method returns the converted value, or ``None`` after recording an error,
    so a validator can keep going and report all problems in one pass.
    """

    def __init__(self, file: YamlFile):
        self.file = file
        self.errors: list[DataError] = []

    def fail(self, item: Item | int | None, message: str) -> None:
        line = item.line if isinstance(item, Item) else item
        self.errors.append(self.file.error(line, message))

    def raise_if_failed(self) -> None:
        if self.errors:
            raise DataErrors(sorted(self.errors, key=lambda e: e.line or 0))

    def mapping(
        self,
        item: Item,
        where: str,
        required: tuple[str, ...],
        optional: tuple[str, ...] = (),
    ) -> dict[str, Item] | None:
        """The mapping in ``item``; unknown keys and missing required keys are errors."""
        if not isinstance(item.value, dict):
            self.fail(item, f"{where} must be a mapping, got {_kind(item.value)}")
            return None
        known = set(required) | set(optional)
        typos: set[str] = set()
        for key in item.value:
            if key not in known:
                hint = _closest(key, known - set(item.value))
                suggestion = f" (did you mean '{hint}'?)" if hint else ""
                self.fail(item.key_line(key), f"{where}: unknown key {show(key)}{suggestion}")
                if hint:
                    typos.add(hint)
        for key in required:
            if key not in item.value and key not in typos:  # a typo already said it
                self.fail(item, f"{where}: missing required key '{key}'")
        return item.value

    def document(self, where: str, keys: tuple[str, ...]) -> dict[str, Item]:
        """The top-level mapping: ``version: 1`` plus ``keys``. Raises if it is no mapping."""
        top = self.mapping(self.file.root, where, ("version", *keys))
        if top is None:
            self.raise_if_failed()
            raise AssertionError("unreachable: mapping() recorded why")
        if "version" in top and top["version"].value != Decimal(1):
            self.fail(top["version"], f"version must be 1, got {show(top['version'].value)}")
        return top

    def sequence(self, item: Item, where: str) -> list[Item] | None:
        if not isinstance(item.value, list):
            self.fail(item, f"{where} must be a list, got {_kind(item.value)}")
            return None
        return item.value

    def text(self, item: Item, where: str, pattern: str | None = None) -> str | None:
        value = item.value
        if not isinstance(value, str) or not value.strip():
            self.fail(item, f"{where} must be non-empty text, got {_kind(value)}")
            return None
        if pattern is not None and not re.fullmatch(pattern, value):
            self.fail(item, f"{where} has an unexpected form: {show(value)}")
            return None
        return value

    def choice(self, item: Item, where: str, choices: tuple[str, ...]) -> str | None:
        value = item.value
        if value not in choices:
            self.fail(item, f"{where} must be one of {', '.join(choices)}; got {show(value)}")
            return None
        return str(value)

    def amount(self, item: Item, where: str, limits: bounds.Range = bounds.USD) -> Decimal | None:
        """A number >= 0 within ``limits`` (USD billions unless told otherwise)."""
        value = item.value
        if isinstance(value, bool) or not isinstance(value, Decimal):
            self.fail(item, f"{where} must be a number >= 0, got {show(value)}")
            return None
        if value < 0:
            self.fail(item, f"{where} must be a number >= 0, got {bounds.show(value)}")
            return None
        return self._within(item, where, value, limits)

    def money(self, item: Item, where: str) -> Decimal | None:
        """USD billions: >= 0, within bounds.USD, in whole $1 millions (three decimals)."""
        value = self.amount(item, where)
        if value is None:
            return None
        problem = money_problem(value)
        if problem:
            self.fail(item, f"{where} {problem}, got {bounds.show(value)}")
            return None
        return value

    def rate(self, item: Item, where: str) -> Decimal | None:
        """A fraction between 0 and 1 (bounds.RATE)."""
        return self.amount(item, where, bounds.RATE)

    def number(self, item: Item, where: str, limits: bounds.Range = bounds.USD) -> Decimal | None:
        """A number of either sign within ``limits`` (USD billions unless told otherwise)."""
        value = item.value
        if isinstance(value, bool) or not isinstance(value, Decimal):
            self.fail(item, f"{where} must be a number, got {show(value)}")
            return None
        return self._within(item, where, value, limits)

    def _within(
        self, item: Item, where: str, value: Decimal, limits: bounds.Range
    ) -> Decimal | None:
        problem = limits.problem(value)
        if problem:
            self.fail(item, f"{where} {problem}")
            return None
        return value

    def day(self, item: Item, where: str) -> dt.date | None:
        """A calendar date written YYYY-MM-DD."""
        value = item.value
        text = value if isinstance(value, str) else None
        if text is None or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            self.fail(item, f"{where} must be a date YYYY-MM-DD, got {show(value)}")
            return None
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            self.fail(item, f"{where}: {text} is not a real date")
            return None
        problem = bounds.day_problem(day)
        if problem:
            self.fail(item, f"{where}: {problem}")
            return None
        return day

    def month(self, item: Item, where: str) -> Month | None:
        """A calendar month written YYYY-MM."""
        value = item.value
        if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}", value):
            self.fail(item, f"{where} must be a month YYYY-MM, got {show(value)}")
            return None
        try:
            return Month.parse(value)
        except ValueError as exc:
            self.fail(item, f"{where}: {_month_problem(value, exc)}")
            return None

    def urls(self, item: Item, where: str) -> tuple[str, ...] | None:
        items = self.sequence(item, where)
        if items is None:
            return None
        if not items:
            self.fail(item, f"{where} must list at least one URL")
            return None
        out = []
        for entry in items:
            url = self.text(entry, f"{where} entry", r"https?://\S+")
            if url is not None:
                out.append(url)
        return tuple(out)

    def bilingual(self, item: Item, where: str) -> dict[str, str] | None:
        fields = self.mapping(item, where, ("en", "zh-TW"))
        if fields is None:
            return None
        out: dict[str, str] = {}
        for lang in ("en", "zh-TW"):
            if lang in fields:
                value = self.text(fields[lang], f"{where}.{lang}")
                if value is not None:
                    out[lang] = value
        return out if len(out) == 2 else None


MONEY_STEP = Decimal("0.001")  # $1 million, the unit of the H.4.1 tables and of the engine


def money_problem(value: Decimal) -> str | None:
    """Why ``value`` is not a usable USD-billions amount, or None."""
    if not value.is_finite() or value > bounds.USD.high or value < bounds.USD.low:
        return f"must be between {bounds.USD.low:,} and {bounds.USD.high:,} (USD billions)"
    if value != value.quantize(MONEY_STEP):
        return "must be in whole $1 millions (at most three decimals)"
    return None


def _month_problem(text: str, exc: ValueError) -> str:
    """What Month.parse objected to in ``text``, without repeating the quoted text."""
    reason = str(exc)
    return f"{text} {reason.split(' ', 1)[1]}" if reason.startswith(repr(text)) else reason


class DataErrors(DataError):
    """Several problems in one file. ``str()`` gives the first; ``errors`` has them all."""

    def __init__(self, errors: list[DataError]):
        first = errors[0]
        more = len(errors) - 1
        suffix = (
            f" (and {more} more problem{'s' if more > 1 else ''}; run 'qt validate')"
            if more
            else ""
        )
        super().__init__(first.message + suffix, path=first.path, line=first.line)
        self.errors = errors


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return show(value)


def _closest(key: str, known: set[str]) -> str | None:
    import difflib

    hits = difflib.get_close_matches(key, sorted(known), n=1, cutoff=0.6)
    return hits[0] if hits else None
