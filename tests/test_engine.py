"""qtcli.engine: the month-by-month runoff arithmetic.

Every expected number below is worked out by hand in a comment, with round inputs so the
arithmetic can be checked on paper. Paydown models mostly use cpr=0 and a round scheduled
amortization, so the monthly paydown rate is exactly that amortization (SMM = 0). The CPR
conversion itself is checked against math.pow, independently of the engine.
"""

from __future__ import annotations

import math
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qtcli import engine
from qtcli.engine import Holdings, Paydown, Rule
from qtcli.model import MbsRule, Month, Regime, TreasuryRule

D = Decimal
APR = Month(2025, 4)


def rule(
    tcap: str = "60",
    mcap: str | None = "35",
    *,
    to: str = "mbs",
    limit: str | None = None,
    tbuy: str = "0",
    mbuy: str = "0",
    regime: str = "test",
) -> Rule:
    return Rule(
        regime=regime,
        treasury_cap=D(tcap),
        treasury_purchases=D(tbuy),
        mbs_cap=None if mcap is None else D(mcap),
        reinvest_to=to,
        reinvest_limit=None if limit is None else D(limit),
        mbs_purchases=D(mbuy),
    )


def rate(monthly: str) -> Paydown:
    """A paydown model repaying exactly ``monthly`` of the balance a month (no prepayments)."""
    return Paydown(cpr=D(0), amortization=D(monthly))


def step(t: str, m: str, r: Rule, pd: Paydown, maturing: str | None = None):
    return engine.step(Holdings(D(t), D(m)), APR, r, pd, None if maturing is None else D(maturing))


# --------------------------------------------------------------------------- SMM / paydown


def test_smm_matches_an_independent_computation_for_cpr_20pct():
    # SMM = 1 - (1 - 0.2)^(1/12) = 1 - 0.8^(1/12) ≈ 0.018423
    expected = 1 - math.pow(0.8, 1 / 12)
    smm = Paydown(cpr=D("0.2"), amortization=D(0)).smm
    assert abs(float(smm) - expected) < 1e-12
    assert round(float(smm), 6) == 0.018423


def test_smm_for_the_policy_cpr_and_combined_monthly_rate():
    # CPR 5.4%: SMM = 1 - 0.946^(1/12) ≈ 0.0046154 (math.pow below, not the engine).
    # Monthly rate = amortization + (1 - amortization) * SMM
    #              = 0.0025 + 0.9975 * 0.0046154 ≈ 0.0071038
    smm = 1 - math.pow(0.946, 1 / 12)
    expected_rate = 0.0025 + 0.9975 * smm
    pd = Paydown(cpr=D("0.054"), amortization=D("0.0025"))
    assert abs(float(pd.smm) - smm) < 1e-12
    assert abs(float(pd.monthly_rate) - expected_rate) < 1e-12
    assert round(float(pd.monthly_rate), 6) == 0.007104


def test_smm_is_zero_when_cpr_is_zero_and_one_when_cpr_is_one():
    assert Paydown(cpr=D(0), amortization=D(0)).smm == 0
    assert Paydown(cpr=D(1), amortization=D(0)).smm == 1


def test_paydown_of_applies_rate_and_rounds_to_a_million_half_even():
    pd = rate("0.01")
    # 1000 * 1% = 10 exactly
    assert pd.of(D(1000)) == D(10)
    # 123.456 * 1% = 1.23456 -> 1.235 (nearest $1M)
    assert pd.of(D("123.456")) == D("1.235")
    # ties go to the even million: 0.25 * 1% = 0.0025 -> 0.002; 0.35 * 1% = 0.0035 -> 0.004
    assert pd.of(D("0.25")) == D("0.002")
    assert pd.of(D("0.35")) == D("0.004")


def test_paydown_with_prepayments_on_the_balance_after_scheduled_principal():
    # CPR 0.2, amortization 1%: rate = 0.01 + 0.99 * (1 - 0.8^(1/12))
    #   = 0.01 + 0.99 * 0.0184230 = 0.0282388; on $1,000B that is $28.239B.
    expected = round(1000 * (0.01 + 0.99 * (1 - math.pow(0.8, 1 / 12))), 3)
    assert expected == 28.239
    assert Paydown(cpr=D("0.2"), amortization=D("0.01")).of(D(1000)) == D("28.239")


# --------------------------------------------------------------------------- one month


def test_treasury_cap_binds_without_a_maturity_schedule():
    # No schedule: runoff = cap = 60. T 1000 -> 940.
    # MBS 500 at 2%/month pays down 10 < cap 35: all 10 runs off. MBS 500 -> 490.
    h, row = step("1000", "500", rule("60", "35"), rate("0.02"))
    assert row.treasury_runoff == D(60)
    assert row.mbs_paydown == D(10)
    assert row.mbs_runoff == D(10)
    assert row.reinvested == D(0)
    assert row.purchases == D(0)
    assert (h.treasuries, h.mbs) == (D(940), D(490))
    assert (row.treasuries, row.mbs, row.total) == (D(940), D(490), D(1430))
    assert row.month == APR and row.regime == "test"


def test_mbs_cap_binds_and_the_excess_is_reinvested_in_mbs():
    # QT1 style: MBS 1000 at 5% pays down 50; cap 35 -> runoff 35, 15 reinvested in MBS.
    # MBS = 1000 - 50 + 15 = 965. Treasuries: 1000 - 60 = 940. Total 1905 (= 2000 - 95).
    h, row = step("1000", "1000", rule("60", "35", to="mbs"), rate("0.05"))
    assert row.mbs_paydown == D(50)
    assert row.mbs_runoff == D(35)
    assert row.reinvested == D(15)
    assert h == Holdings(D(940), D(965))
    assert row.total == D(1905)


def test_caps_do_not_bind():
    # Treasuries: 20 mature, cap 60 -> runoff 20 (T 1000 -> 980).
    # MBS 500 at 2% = 10 < cap 35 -> runoff 10 (MBS 500 -> 490), nothing reinvested.
    h, row = step("1000", "500", rule("60", "35"), rate("0.02"), maturing="20")
    assert row.treasury_runoff == D(20)
    assert row.mbs_runoff == D(10)
    assert row.reinvested == D(0)
    assert h == Holdings(D(980), D(490))


def test_excess_paydown_is_reinvested_in_treasuries():
    # June 2024 style: MBS 1000 at 5% = 50; cap 35 -> 35 runs off, 15 goes to Treasuries.
    # T = 1000 - 60 + 15 = 955; MBS = 1000 - 50 = 950. Total 1905.
    h, row = step("1000", "1000", rule("60", "35", to="treasuries"), rate("0.05"))
    assert row.mbs_runoff == D(35)
    assert row.reinvested == D(15)
    assert h == Holdings(D(955), D(950))


def test_excess_paydown_is_reinvested_in_bills():
    # December 2025 style (RMP): Treasury cap 0, MBS cap 0, paydowns into bills (Treasuries),
    # plus $40B purchases. MBS 1000 at 5% = 50, all reinvested: T = 1000 + 40 + 50 = 1090,
    # MBS = 950. Total 2040 = 2000 + 40 purchases.
    h, row = step("1000", "1000", rule("0", "0", to="bills", tbuy="40"), rate("0.05"))
    assert row.treasury_runoff == D(0)
    assert row.mbs_runoff == D(0)
    assert row.reinvested == D(50)
    assert row.purchases == D(40)
    assert h == Holdings(D(1090), D(950))


def test_reinvest_limit_sends_the_rest_back_to_mbs():
    # August 2019 style: caps 0, up to 20 a month to Treasuries, the rest back to MBS.
    # MBS 1000 at 5% = 50: 20 -> Treasuries, 30 -> MBS. T = 1020, MBS = 1000 - 50 + 30 = 980.
    # Total unchanged (2000): a reinvestment regime only moves paydowns.
    h, row = step("1000", "1000", rule("0", "0", to="treasuries", limit="20"), rate("0.05"))
    assert row.treasury_runoff == D(0)
    assert row.mbs_runoff == D(0)
    assert row.reinvested == D(50)
    assert h == Holdings(D(1020), D(980))
    assert row.total == D(2000)


def test_reinvest_limit_with_a_positive_cap():
    # MBS 2000 at 5% = 100; cap 50 -> 50 runs off; excess 50: 20 to Treasuries, 30 to MBS.
    # T = 1000 - 60 + 20 = 960; MBS = 2000 - 100 + 30 = 1930.
    h, row = step("1000", "2000", rule("60", "50", to="treasuries", limit="20"), rate("0.05"))
    assert row.mbs_runoff == D(50)
    assert row.reinvested == D(50)
    assert h == Holdings(D(960), D(1930))


def test_reinvest_limit_above_the_excess_sends_all_of_it():
    # MBS 1000 at 5% = 50; cap 35 -> excess 15 < limit 20: all 15 to Treasuries.
    h, _ = step("1000", "1000", rule("60", "35", to="treasuries", limit="20"), rate("0.05"))
    assert h == Holdings(D(955), D(950))


def test_no_mbs_cap_lets_every_paydown_run_off():
    # cap None: MBS 1000 at 5% = 50, all runs off, even though it is above any usual cap.
    h, row = step("1000", "1000", rule("60", None, to="treasuries"), rate("0.05"))
    assert row.mbs_runoff == D(50)
    assert row.reinvested == D(0)
    assert h == Holdings(D(940), D(950))


def test_reinvestment_regime_keeps_holdings_flat():
    # caps 0, reinvest in MBS: T 1000 stays 1000; MBS pays 50 and buys 50 back: 1000.
    h, row = step("1000", "1000", rule("0", "0", to="mbs"), rate("0.05"))
    assert h == Holdings(D(1000), D(1000))
    assert row.reinvested == D(50)
    assert row.treasury_runoff == row.mbs_runoff == D(0)


def test_purchases_are_added():
    # QE style: caps 0, buy 40 Treasuries and 25 MBS.
    # T = 1000 + 40 = 1040; MBS = 1000 - 50 + 50 (reinvested) + 25 = 1025. Purchases 65.
    h, row = step("1000", "1000", rule("0", "0", tbuy="40", mbuy="25"), rate("0.05"))
    assert h == Holdings(D(1040), D(1025))
    assert row.purchases == D(65)
    assert row.total == D(2065)


def test_holdings_floor_at_zero_with_tiny_holdings_and_big_caps():
    # T 3 with cap 60 and no schedule: only 3 can run off -> 0.
    # MBS 0.5 repaying 100% a month: paydown 0.5 <= cap 35 -> 0.
    h, row = step("3", "0.5", rule("60", "35"), rate("1"))
    assert row.treasury_runoff == D(3)
    assert row.mbs_runoff == D("0.5")
    assert h == Holdings(D(0), D(0))
    # next month nothing is left to run off
    h2, row2 = engine.step(h, APR + 1, rule("60", "35"), rate("1"))
    assert h2 == Holdings(D(0), D(0))
    assert row2.treasury_runoff == row2.mbs_runoff == D(0)


def test_maturing_more_than_held_runs_off_only_what_is_held():
    # 10 maturing but only 3 held, cap 60 -> runoff 3.
    h, row = step("3", "0", rule("60", "35"), rate("0.01"), maturing="10")
    assert row.treasury_runoff == D(3)
    assert h.treasuries == D(0)


def test_maturity_schedule_below_the_cap():
    # Schedule: Apr 12, May nothing listed (cap binds: 60), Jun 0, Jul 75 (> cap: 60).
    # T: 1000 - 12 = 988; - 60 = 928; - 0 = 928; - 60 = 868.
    schedule = {APR: D(12), APR + 2: D(0), APR + 3: D(75)}
    rows = engine.run(
        Holdings(D(1000), D(0)), APR, 4, lambda m: rule("60", "35"), rate("0.01"), schedule
    )
    assert [r.treasury_runoff for r in rows] == [D(12), D(60), D(0), D(60)]
    assert [r.treasuries for r in rows] == [D(988), D(928), D(928), D(868)]
    assert [str(r.month) for r in rows] == ["2025-04", "2025-05", "2025-06", "2025-07"]


def test_run_compounds_the_paydown_on_the_shrinking_balance():
    # MBS 1000 at 10%, cap 35: 100 -> runoff 35, 65 back in MBS -> 965;
    # 96.5 -> runoff 35 -> 930; 93 -> runoff 35 -> 895.  (T 0 throughout.)
    rows = engine.run(Holdings(D(0), D(1000)), APR, 3, lambda m: rule("0", "35"), rate("0.1"))
    assert [r.mbs_paydown for r in rows] == [D(100), D("96.5"), D(93)]
    assert [r.mbs for r in rows] == [D(965), D(930), D(895)]


def test_run_switches_rules_per_month():
    # Two months of QT (T cap 60) then two of RMP-style buying (cap 0, +40 a month).
    # T: 1000 -> 940 -> 880 -> 920 -> 960.
    def rule_for(month: Month) -> Rule:
        if month < APR + 2:
            return rule("60", "35", regime="qt")
        return rule("0", "0", to="bills", tbuy="40", regime="rmp")

    rows = engine.run(Holdings(D(1000), D(0)), APR, 4, rule_for, rate("0.01"))
    assert [r.regime for r in rows] == ["qt", "qt", "rmp", "rmp"]
    assert [r.treasuries for r in rows] == [D(940), D(880), D(920), D(960)]
    assert [r.purchases for r in rows] == [D(0), D(0), D(40), D(40)]


def _regime(**mbs) -> Regime:
    return Regime(
        id="r",
        bank="fed",
        kind="qt",
        name={"en": "r"},
        announced=__import__("datetime").date(2025, 1, 1),
        start=APR,
        end=None,
        treasuries=TreasuryRule(cap=D(25), purchases=D(3)),
        mbs=MbsRule(**mbs),
        sources=(),
        confidence="verified",
    )


def test_rule_of_takes_the_regime_and_overrides_only_what_is_given():
    reg = _regime(cap=D(35), reinvest_to="treasuries", reinvest_limit=D(20), purchases=D(1))
    r = Rule.of(reg)
    assert (r.regime, r.treasury_cap, r.treasury_purchases) == ("r", D(25), D(3))
    assert (r.mbs_cap, r.reinvest_to, r.reinvest_limit, r.mbs_purchases) == (
        D(35), "treasuries", D(20), D(1)
    )  # fmt: skip
    o = Rule.of(reg, treasury_cap=D(0), mbs_cap=D(0))
    assert (o.treasury_cap, o.mbs_cap) == (D(0), D(0))  # 0 is an override, not "unset"


def test_rule_of_keeps_no_cap():
    assert Rule.of(_regime(cap=None)).mbs_cap is None


# --------------------------------------------------------------------------- properties

AMOUNT = st.decimals(min_value=0, max_value=10_000_000, places=3)
SMALL = st.decimals(min_value=0, max_value=2_000, places=3)
CAP = st.decimals(min_value=0, max_value=500, places=3)
CPR = st.decimals(min_value=0, max_value="0.999", places=3)
AMORT = st.decimals(min_value=0, max_value="0.2", places=4)


@st.composite
def rules(draw) -> Rule:
    return Rule(
        regime="p",
        treasury_cap=draw(CAP),
        treasury_purchases=draw(st.one_of(st.just(D(0)), CAP)),
        mbs_cap=draw(st.one_of(st.none(), CAP)),
        reinvest_to=draw(st.sampled_from(["mbs", "treasuries", "bills"])),
        reinvest_limit=draw(st.one_of(st.none(), CAP)),
        mbs_purchases=draw(st.one_of(st.just(D(0)), CAP)),
    )


@st.composite
def scenarios(draw):
    months = draw(st.integers(min_value=1, max_value=24))
    start = Holdings(draw(st.one_of(AMOUNT, SMALL)), draw(st.one_of(AMOUNT, SMALL)))
    paydown = Paydown(cpr=draw(CPR), amortization=draw(AMORT))
    # one rule, or a different rule every month
    if draw(st.booleans()):
        fixed = draw(rules())
        rule_list = [fixed] * months
    else:
        rule_list = draw(st.lists(rules(), min_size=months, max_size=months))
    maturities = draw(
        st.one_of(
            st.none(),
            st.dictionaries(
                st.integers(min_value=0, max_value=months - 1).map(lambda i: APR + i), SMALL
            ),
        )
    )
    return start, months, rule_list, paydown, maturities


def _run(start, months, rule_list, paydown, maturities):
    return engine.run(start, APR, months, lambda m: rule_list[m - APR], paydown, maturities)


PROPS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPS
@given(scenarios())
def test_runoff_never_exceeds_the_caps(sc):
    start, months, rule_list, paydown, maturities = sc
    for row, r in zip(_run(*sc), rule_list, strict=True):
        assert D(0) <= row.treasury_runoff <= r.treasury_cap
        if r.mbs_cap is not None:
            assert D(0) <= row.mbs_runoff <= r.mbs_cap
        assert D(0) <= row.mbs_runoff <= row.mbs_paydown
        if maturities is not None and row.month in maturities:
            assert row.treasury_runoff <= maturities[row.month]


@PROPS
@given(scenarios())
def test_holdings_never_go_below_zero(sc):
    for row in _run(*sc):
        assert row.treasuries >= 0
        assert row.mbs >= 0
        assert row.reinvested >= 0


@PROPS
@given(scenarios())
def test_each_month_change_is_exactly_purchases_minus_runoff(sc):
    start, months, rule_list, paydown, maturities = sc
    prev_t, prev_m = start.treasuries, start.mbs
    for row, r in zip(_run(*sc), rule_list, strict=True):
        bought = r.treasury_purchases + r.mbs_purchases
        assert row.purchases == bought
        change = bought - row.treasury_runoff - row.mbs_runoff
        prev_total = prev_t + prev_m
        total = row.treasuries + row.mbs
        assert total - prev_total == change  # Decimal equality, to the last digit
        assert prev_total + change == total
        assert row.total == total
        # the paydown leaves MBS either as runoff or as reinvestment (MBS or Treasuries)
        assert row.mbs_paydown == row.mbs_runoff + row.reinvested
        prev_t, prev_m = row.treasuries, row.mbs


@PROPS
@given(scenarios())
def test_same_input_same_output(sc):
    assert _run(*sc) == _run(*sc)


@st.composite
def cap_pairs(draw):
    start, months, rule_list, paydown, maturities = draw(scenarios())
    bump = draw(st.decimals(min_value="0.001", max_value=200, places=3))
    return start, months, rule_list, paydown, maturities, bump


def _widen(rule_list, **change):

    return [r._replace(**{k: f(r) for k, f in change.items()}) for r in rule_list]


@PROPS
@given(cap_pairs())
def test_larger_treasury_cap_never_leaves_larger_holdings(sc):
    start, months, rule_list, paydown, maturities, bump = sc
    wider = _widen(rule_list, treasury_cap=lambda r: r.treasury_cap + bump)
    small = _run(start, months, rule_list, paydown, maturities)
    large = _run(start, months, wider, paydown, maturities)
    for a, b in zip(small, large, strict=True):
        assert b.total <= a.total
        assert b.treasuries <= a.treasuries


@PROPS
@given(cap_pairs())
def test_larger_mbs_cap_never_leaves_larger_holdings(sc):
    start, months, rule_list, paydown, maturities, bump = sc
    rule_list = [r if r.mbs_cap is not None else _widen([r], mbs_cap=lambda _: D(0))[0]
                 for r in rule_list]  # fmt: skip
    wider = _widen(rule_list, mbs_cap=lambda r: r.mbs_cap + bump)
    small = _run(start, months, rule_list, paydown, maturities)
    large = _run(start, months, wider, paydown, maturities)
    for a, b in zip(small, large, strict=True):
        assert b.total <= a.total


@PROPS
@given(cap_pairs())
def test_no_mbs_cap_leaves_no_more_than_any_cap(sc):
    start, months, rule_list, paydown, maturities, bump = sc
    capped = _widen(rule_list, mbs_cap=lambda r: bump)
    uncapped = _widen(rule_list, mbs_cap=lambda r: None)
    for a, b in zip(_run(start, months, capped, paydown, maturities),
                    _run(start, months, uncapped, paydown, maturities), strict=True):  # fmt: skip
        assert b.total <= a.total


def test_amounts_finer_than_a_million_never_reach_the_engine():
    # The engine keeps paydowns on a $1M grid, so every amount it is given must be on that grid
    # too: with MBS 20.003 repaying 50% a month, caps 10 vs 10.0004 would let the larger cap end
    # $0.6M higher. The command line and the policy file refuse such amounts instead.
    from typer.testing import CliRunner

    from qtcli.cli import app

    result = CliRunner().invoke(app, ["simulate", "--months", "2", "--mbs-cap", "10.0004"])
    assert result.exit_code == 2
    assert "whole $1 millions" in result.stderr
    assert result.stdout == ""
