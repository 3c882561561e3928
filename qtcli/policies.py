"""policies.yaml -> PolicyFile, with every problem reported as ``file:line: message``."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

from . import bounds, parsecache
from .checker import Checker
from .errors import DataError
from .model import (
    BANKS,
    CONFIDENCE,
    KINDS,
    REINVEST_TARGETS,
    Assumption,
    Assumptions,
    MbsRule,
    Month,
    PolicyFile,
    Regime,
    TreasuryRule,
)
from .yamlload import Item, YamlFile, show

ENV_VAR = "QT_POLICIES"


def default_path() -> Path:
    """The policy file qt uses when neither --policies nor QT_POLICIES names one."""
    return Path(__file__).with_name("policies.yaml")


def resolve_path(option: str | Path | None) -> Path:
    if option:
        return Path(option)
    env = os.environ.get(ENV_VAR)
    return Path(env) if env else default_path()


def load(path: str | Path | None = None) -> PolicyFile:
    """Read and validate a policy file; raise DataError (all problems inside) if it is bad."""
    resolved = resolve_path(path)
    policy: PolicyFile = parsecache.cached("policies", resolved, _read, _CODEC, _CODE)
    missing = [k for k in LIABILITY_ASSUMPTIONS if getattr(policy.assumptions, k) is None]
    if not missing:
        return policy
    shipped = default_path()
    if resolved.resolve() == shipped.resolve():
        raise DataError(f"the policy file has no assumptions.{missing[0]}", path=str(resolved))
    fill = {k: getattr(load(shipped).assumptions, k) for k in missing}
    return policy._replace(assumptions=policy.assumptions._replace(**fill))


def _read(path: Path) -> PolicyFile:
    return check(YamlFile(path))


# What the parse cache may build, and the modules whose change makes it parse afresh.
_CODEC = parsecache.Codec(
    PolicyFile, (PolicyFile, Assumptions, Assumption, Regime, TreasuryRule, MbsRule, Month)
)
_CODE = ("qtcli.policies", "qtcli.model", "qtcli.yamlload", "qtcli.checker", "qtcli.bounds")


def check(file: YamlFile) -> PolicyFile:
    c = Checker(file)
    top = c.document("policy file", ("assumptions", "regimes"))
    assumptions = _assumptions(c, top["assumptions"]) if "assumptions" in top else None
    regimes: list[Regime] = []
    if "regimes" in top:
        entries = c.sequence(top["regimes"], "regimes")
        for index, entry in enumerate(entries or []):
            regime = _regime(c, entry, index)
            if regime is not None:
                regimes.append(regime)
        if entries is not None and not entries:
            c.fail(top["regimes"], "regimes must list at least one regime")
    _check_across(c, regimes)
    c.raise_if_failed()
    assert assumptions is not None
    regimes.sort(key=lambda r: (r.bank, r.start))
    return PolicyFile(file.name, assumptions, tuple(regimes))


ENGINE_ASSUMPTIONS = ("mbs_cpr", "mbs_amortization")
# Optional in a policy file: a file without them takes the shipped policies.yaml's values.
LIABILITY_ASSUMPTIONS = (
    "other_liabilities_growth", "gdp_growth", "ample_reserves", "scarce_reserves",
)  # fmt: skip


def _assumptions(c: Checker, item: Item) -> Assumptions | None:
    fields = c.mapping(item, "assumptions", ENGINE_ASSUMPTIONS, LIABILITY_ASSUMPTIONS)
    if fields is None:
        return None
    found: dict[str, Assumption] = {}
    for key in ENGINE_ASSUMPTIONS + LIABILITY_ASSUMPTIONS:
        if key not in fields:
            continue
        where = f"assumptions.{key}"
        body = c.mapping(fields[key], where, ("value", "why"), ("unit",))
        if body is None:
            continue
        value = None
        if "value" in body:
            value = _assumption_value(c, key, body["value"], f"{where}.value")
        why = c.text(body["why"], f"{where}.why") if "why" in body else None
        if value is not None and why is not None:
            found[key] = Assumption(value, why)
    if any(key not in found for key in ENGINE_ASSUMPTIONS):
        return None
    return Assumptions(**found)


def _assumption_value(c: Checker, key: str, item: Item, where: str) -> Decimal | None:
    if key == "other_liabilities_growth":
        return c.number(item, where, bounds.GROWTH)
    if key in ("ample_reserves", "scarce_reserves"):
        value = c.amount(item, where, bounds.PERCENT)
        if value is not None and value == 0:
            c.fail(item, f"{where} is a percent of GDP and must be above 0")
            return None
        return value
    value = c.rate(item, where)
    if value is not None and value >= 1:
        c.fail(item, f"{where} is a fraction and must be below 1, got {value}")
        return None
    return value


REGIME_REQUIRED = (
    "id", "bank", "kind", "name", "announced", "start", "end",
    "treasuries", "mbs", "sources", "confidence",
)  # fmt: skip


def _regime(c: Checker, item: Item, index: int) -> Regime | None:
    given_id = item.id_text()
    where = f"regime {show(given_id)}" if given_id else f"regime #{index + 1}"
    before = len(c.errors)
    f = c.mapping(item, where, REGIME_REQUIRED, ("note",))
    if f is None:
        return None
    rid = c.text(f["id"], f"{where}: id", r"[a-z0-9][a-z0-9-]*") if "id" in f else None
    bank = c.choice(f["bank"], f"{where}: bank", BANKS) if "bank" in f else None
    kind = c.choice(f["kind"], f"{where}: kind", KINDS) if "kind" in f else None
    name = c.bilingual(f["name"], f"{where}: name") if "name" in f else None
    announced = c.day(f["announced"], f"{where}: announced") if "announced" in f else None
    start = c.month(f["start"], f"{where}: start") if "start" in f else None
    end = None
    if "end" in f and f["end"].value is not None:
        end = c.month(f["end"], f"{where}: end")
    tsy = _treasury_rule(c, f["treasuries"], where) if "treasuries" in f else None
    mbs = _mbs_rule(c, f["mbs"], where) if "mbs" in f else None
    sources = c.urls(f["sources"], f"{where}: sources") if "sources" in f else None
    confidence = (
        c.choice(f["confidence"], f"{where}: confidence", CONFIDENCE) if "confidence" in f else None
    )
    note = c.bilingual(f["note"], f"{where}: note") if "note" in f else None
    if start is not None and end is not None and end < start:
        c.fail(f["end"], f"{where}: end {end} is before start {start}")
    if announced is not None and start is not None and (start + 1).first_day() <= announced:
        c.fail(f["announced"], f"{where}: announced {announced} is after the start month {start}")
    if len(c.errors) > before:
        return None
    assert rid and bank and kind and name and announced and start and tsy and mbs and sources
    assert confidence is not None
    return Regime(
        rid, bank, kind, name, announced, start, end, tsy, mbs, sources, confidence, note, item.line
    )


def _cap(c: Checker, item: Item, where: str, allow_none: bool) -> tuple[bool, Decimal | None]:
    if allow_none and item.value == "none":
        return True, None
    value = c.money(item, where)
    if value is None and allow_none and isinstance(item.value, str):
        c.errors[-1] = c.file.error(
            item.line, f"{where} must be a number >= 0 or 'none', got {show(item.value)}"
        )
    return value is not None, value


def _treasury_rule(c: Checker, item: Item, where: str) -> TreasuryRule | None:
    f = c.mapping(item, f"{where}: treasuries", ("cap",), ("purchases",))
    if f is None or "cap" not in f:
        return None
    ok, cap = _cap(c, f["cap"], f"{where}: treasuries.cap", allow_none=False)
    purchases = Decimal(0)
    if "purchases" in f:
        purchases = c.money(f["purchases"], f"{where}: treasuries.purchases")  # type: ignore[assignment]
    if not ok or purchases is None or cap is None:
        return None
    return TreasuryRule(cap, purchases)


def _mbs_rule(c: Checker, item: Item, where: str) -> MbsRule | None:
    f = c.mapping(item, f"{where}: mbs", ("cap", "reinvest_to"), ("reinvest_limit", "purchases"))
    if f is None or "cap" not in f or "reinvest_to" not in f:
        return None
    ok, cap = _cap(c, f["cap"], f"{where}: mbs.cap", allow_none=True)
    target = c.choice(f["reinvest_to"], f"{where}: mbs.reinvest_to", REINVEST_TARGETS)
    limit: Decimal | None = None
    if "reinvest_limit" in f:
        limit = c.money(f["reinvest_limit"], f"{where}: mbs.reinvest_limit")
        if limit is None:
            return None
        if target == "mbs":
            c.fail(
                f["reinvest_limit"],
                f"{where}: mbs.reinvest_limit needs reinvest_to treasuries or bills",
            )
    purchases: Decimal | None = Decimal(0)
    if "purchases" in f:
        purchases = c.money(f["purchases"], f"{where}: mbs.purchases")
    if not ok or target is None or purchases is None:
        return None
    return MbsRule(cap, target, limit, purchases)


def _check_across(c: Checker, regimes: list[Regime]) -> None:
    seen: dict[str, Regime] = {}
    for r in regimes:
        if r.id in seen:
            c.fail(r.line, f"duplicate regime id '{r.id}' (first at line {seen[r.id].line})")
        else:
            seen[r.id] = r
    for bank in BANKS:
        mine = sorted((r for r in regimes if r.bank == bank), key=lambda r: (r.start, r.line))
        # Compare each regime with the one reaching furthest so far, not only its neighbour.
        for index, later in enumerate(mine[1:], start=1):
            earlier = max(mine[:index], key=lambda r: (r.end is None, r.end or r.start))
            if earlier.end is None or later.start <= earlier.end:
                until = "open-ended" if earlier.end is None else f"to {earlier.end}"
                c.fail(
                    later.line,
                    f"regime '{later.id}' starting {later.start} overlaps regime "
                    f"'{earlier.id}' ({earlier.start} {until}, line {earlier.line})",
                )
