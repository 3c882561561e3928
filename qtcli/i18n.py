"""Language choice and the words and number forms each language expects.

zh-TW follows Taiwan usage: amounts in 億 and 兆 (400億美元, 6.54兆美元), dates as 2025年4月1日.
"""

from __future__ import annotations

import datetime as dt
import os
from decimal import ROUND_HALF_UP, Decimal

from .model import LANGS, Month

MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def pick_lang(option: str | None) -> str:
    """--lang if given, else zh-TW when the locale is Taiwanese/Traditional, else English."""
    if option:
        return option
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            low = value.lower().replace("-", "_")
            if low.startswith(("zh_tw", "zh_hk", "zh_hant", "zh_mo")):
                return "zh-TW"
            return "en"
    return "en"


def rounded(value: Decimal, places: int) -> Decimal:
    """``value`` to ``places`` decimals for display, half up (ties away from zero).

    The one rounding rule for every figure qt shows, so an amount reads the same in every
    command: $8.965T is "$8.97T" to two places wherever it appears. Arithmetic never rounds
    through here (the engine keeps its own rule for the money it computes).
    """
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _trim(value: Decimal) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def usd_billions(amount: Decimal, lang: str, *, places: int | None = None) -> str:
    """USD billions in words a reader expects: $40B / $6.54T, or 400億美元 / 6.54兆美元."""
    sign = "-" if amount < 0 else ""
    size = abs(amount)
    if lang == "zh-TW":
        yi = rounded(size * 10, 0 if places is None else places)
        if yi >= 10000:
            return f"{sign}{_trim(rounded(size / 1000, 2 if places is None else places))}兆美元"
        whole, _, frac = _trim(yi).partition(".")
        return f"{sign}{int(whole):,}{'.' + frac if frac else ''}億美元"
    billions = rounded(size, 1 if places is None else places)
    if billions >= 1000:
        return f"{sign}${_trim(rounded(size / 1000, 2 if places is None else places))}T"
    return f"{sign}${_trim(billions)}B"


def day(value: dt.date, lang: str) -> str:
    if lang == "zh-TW":
        return f"{value.year}年{value.month}月{value.day}日"
    return f"{MONTHS_EN[value.month - 1]} {value.day}, {value.year}"


def month(value: Month, lang: str) -> str:
    if lang == "zh-TW":
        return f"{value.year}年{value.month}月"
    return f"{MONTHS_EN[value.month - 1]} {value.year}"


def text(pair: dict[str, str] | None, lang: str) -> str:
    """The string for ``lang`` from an {en, zh-TW} pair."""
    if not pair:
        return ""
    return pair.get(lang) or pair.get("en", "")


# Words the commands print, by key. Each entry has every language in LANGS.
MESSAGES: dict[str, dict[str, str]] = {
    "col.id": {"en": "id", "zh-TW": "代號"},
    "col.kind": {"en": "kind", "zh-TW": "類型"},
    "col.months": {"en": "months", "zh-TW": "期間"},
    "col.announced": {"en": "announced", "zh-TW": "宣布日"},
    "col.treasuries": {"en": "Treasuries", "zh-TW": "公債"},
    "col.mbs": {"en": "MBS", "zh-TW": "MBS"},
    "col.name": {"en": "name", "zh-TW": "名稱"},
    "col.confidence": {"en": "confidence", "zh-TW": "可信度"},
    "regimes.title": {
        "en": "Fed balance-sheet regimes ({path})",
        "zh-TW": "聯準會資產負債表政策區間（{path}）",
    },
    "regimes.caption": {
        "en": "Caps and purchases are USD billions a month. cap 0 = all principal reinvested; * = uncertain.",
        "zh-TW": "上限與購買金額單位為每月十億美元；上限0代表本金全數再投資；* 代表未確認。",
    },
    "now": {"en": "now", "zh-TW": "至今"},
    "validate.ok": {
        "en": "{path}: OK, {count} regimes",
        "zh-TW": "{path}：通過，共 {count} 個政策區間",
    },
    "validate.ok_events": {
        "en": "{path}: OK, {count} events",
        "zh-TW": "{path}：通過，共 {count} 筆事件",
    },
    "data.status_title": {
        "en": "H.4.1 data: the copy each series uses",
        "zh-TW": "H.4.1 資料：各序列使用的版本",
    },
    "data.updated_title": {"en": "H.4.1 data updated", "zh-TW": "H.4.1 資料已更新"},
    "data.col.series": {"en": "Series", "zh-TW": "序列"},
    "data.col.in_use": {"en": "In use", "zh-TW": "使用中"},
    "data.col.as_of": {"en": "As of", "zh-TW": "資料日期"},
    "data.col.obs": {"en": "Obs.", "zh-TW": "筆數"},
    "data.col.was": {"en": "Was", "zh-TW": "原本"},
    "data.col.snapshot": {"en": "Snapshot", "zh-TW": "隨附快照"},
    "data.col.cache": {"en": "Cache", "zh-TW": "快取"},
    "data.source.snapshot": {"en": "snapshot", "zh-TW": "隨附快照"},
    "data.source.cache": {"en": "cache", "zh-TW": "快取"},
    "data.source.none": {"en": "none", "zh-TW": "無"},
    "data.unusable": {"en": "unusable", "zh-TW": "無法使用"},
    "data.snapshot_line": {
        "en": "Snapshot: {dir}/<SERIES>.csv (shipped with qt)",
        "zh-TW": "隨附快照：{dir}/<SERIES>.csv（隨 qt 安裝）",
    },
    "data.cache_line": {
        "en": "Cache:    {dir}/<SERIES>.csv",
        "zh-TW": "快取：    {dir}/<SERIES>.csv",
    },
    "data.cache_none": {
        "en": " (none yet: run 'qt data update')",
        "zh-TW": "（尚無：請執行 qt data update）",
    },
    "data.from": {"en": "          from {url}", "zh-TW": "          來源 {url}"},
    "data.on": {"en": " on {day}", "zh-TW": "，{day} 下載"},
    "data.rule": {
        "en": "The copy with the later last observation is used; a tie goes to the snapshot.",
        "zh-TW": "使用最後一筆資料較新的版本；日期相同時使用隨附快照。",
    },
    "data.provenance": {
        "en": "Where the snapshot comes from and how it was checked: {path}",
        "zh-TW": "隨附快照的來源與查核方式：{path}",
    },
    "data.problem": {"en": "{series} {source} unusable", "zh-TW": "{series} 的{source}無法使用"},
    "data.updated_caption": {
        "en": "Downloaded from {base}\nSaved to {where}/<SERIES>.csv",
        "zh-TW": "下載自 {base}\n儲存於 {where}/<SERIES>.csv",
    },
    "validate.ok_topics": {
        "en": "{path}: OK, {count} topics",
        "zh-TW": "{path}：通過，共 {count} 個主題",
    },
    "data.stale": {
        "en": "H.4.1 data end {date} ({days} days ago); run 'qt data update' to refresh.",
        "zh-TW": "H.4.1 資料截至 {date}（{days} 天前）；執行 'qt data update' 以更新。",
    },
    "sim.regime": {
        "en": "Regime   {id} · {name} ({span})",
        "zh-TW": "政策區間 {id}・{name}（{span}）",
    },
    "sim.in_force": {"en": "         Still in force.", "zh-TW": "         目前仍在實施。"},
    "sim.replaced": {
        "en": "         Ended {end}; replaced by {next} from {next_start} (see 'qt regimes').",
        "zh-TW": "         已於 {end} 結束，{next_start} 起由 {next} 接替（見 qt regimes）。",
    },
    "sim.ended": {"en": "         Ended {end}.", "zh-TW": "         已於{end}結束。"},
    "sim.follow": {
        "en": "         --follow: each month uses the regime policies.yaml has in force then.",
        "zh-TW": "         --follow：每個月套用 policies.yaml 中當月實施的政策區間。",
    },
    "sim.start_actual": {
        "en": "Start    H.4.1 of {date}: Treasuries {t} + MBS {m} = {total}",
        "zh-TW": "起點     H.4.1 {date}：公債 {t} + MBS {m} = {total}",
    },
    "sim.start_latest": {
        "en": "Start    latest H.4.1 week, {date}, stands for the start of {month}:\n         Treasuries {t} + MBS {m} = {total}",
        "zh-TW": "起點     最新一週 H.4.1（{date}）作為 {month} 的起點：\n         公債 {t} + MBS {m} = {total}",
    },
    "data.line": {
        "en": "Data     H.4.1 to {date} (the latest week in the data in use)",
        "zh-TW": "資料     H.4.1 至 {date}（使用中資料的最新一週）",
    },
    "sim.default_ended": {
        "en": "Note     {id} (the default) ended before the data do. From the latest data:\n         {command}",
        "zh-TW": "注意     預設的 {id} 在資料結束前已停止。若要從最新資料起推估：\n         {command}",
    },
    "sim.start_given": {
        "en": "Start    {month}, as given: Treasuries {t} + MBS {m} = {total}",
        "zh-TW": "起點     {month}，使用者指定：公債 {t} + MBS {m} = {total}",
    },
    "sim.rules": {
        "en": "Rules    caps a month: Treasuries {tcap}, MBS {mcap}{extra}",
        "zh-TW": "規則     每月上限：公債 {tcap}，MBS {mcap}{extra}",
    },
    "sim.model": {
        "en": "Model    MBS repays {rate}% a month (CPR {cpr}%/yr + {amort}%/month scheduled)\n         {tsy}",
        "zh-TW": "模型     MBS 每月還本 {rate}%（年提前還款率 CPR {cpr}% + 每月攤還 {amort}%）\n         {tsy}",
    },
    "sim.tsy_binds": {
        "en": "Treasury cap assumed to bind (no maturity schedule given)",
        "zh-TW": "假設公債上限全數用足（未提供到期排程）",
    },
    "sim.tsy_file": {
        "en": "Treasury maturities from {file}",
        "zh-TW": "公債到期額取自 {file}",
    },
    "sim.summary": {
        "en": "Change over {n} months: {change} ({pct}% of the start)\n  Treasuries {dt}, MBS {dm}",
        "zh-TW": "{n} 個月合計變動 {change}（起點的 {pct}%）\n  公債 {dt}，MBS {dm}",
    },
    "sim.reached": {
        "en": "Holdings reach {target} in {month}.",
        "zh-TW": "持有量於{month}達到 {target}。",
    },
    "sim.not_reached": {
        "en": "Holdings do not reach {target} within {n} months.",
        "zh-TW": "{n} 個月內持有量未達 {target}。",
    },
    "sim.versus": {
        "en": "Model − actual at the end of {month}: {err} ({pct}%; H.4.1 of {date})",
        "zh-TW": "{month}底模型減實際：{err}（{pct}%；H.4.1 {date}）",
    },
    "sim.versus_title": {
        "en": "Model beside actual: total holdings at each month's end, H.4.1 of the first Wednesday of the next month",
        "zh-TW": "模型與實際對照：各月月底的持有量合計，\n實際值為次月第一個星期三的 H.4.1",
    },
    "sim.col.actual": {"en": "actual", "zh-TW": "實際"},
    "sim.col.vs_actual": {"en": "mdl−act", "zh-TW": "模型−實際"},
    "sim.col.pct": {"en": "%", "zh-TW": "%"},
    "sim.caption": {
        "en": "USD billions, rounded to $0.1B; --format json gives exact figures.",
        "zh-TW": "單位：十億美元，四捨五入至小數一位；--format json 提供精確數值。",
    },
    "sim.col.month": {"en": "month", "zh-TW": "月份"},
    "sim.chart_start": {"en": "start  ", "zh-TW": "起點   "},
    "sim.col.treasuries": {"en": "Treas.", "zh-TW": "公債"},
    "sim.col.mbs": {"en": "MBS", "zh-TW": "MBS"},
    "sim.col.total": {"en": "total", "zh-TW": "合計"},
    "sim.col.tsy_runoff": {"en": "T off", "zh-TW": "公債縮減"},
    "sim.col.mbs_runoff": {"en": "MBS off", "zh-TW": "MBS縮減"},
    "sim.col.reinvested": {"en": "reinv.", "zh-TW": "再投資"},
    "sim.col.purchases": {"en": "bought", "zh-TW": "購買"},
    "sim.col.change": {"en": "cum. chg", "zh-TW": "累計變動"},
    "sim.no_cap": {"en": "none (all run off)", "zh-TW": "無（全數縮減）"},
    "sim.reinvest": {
        "en": "; excess → {target}",
        "zh-TW": "；超額還本轉入{target}",
    },
    "sim.purchases": {"en": "; buys {amount}", "zh-TW": "；購買 {amount}"},
    "bt.title": {
        "en": "Backtest {name}: {first} to {last}, engine vs actual H.4.1 holdings",
        "zh-TW": "回測 {name}：{first} 至 {last}，模型與 H.4.1 實際持有量比較",
    },
    "bt.model": {
        "en": "Model: policies.yaml regimes; MBS CPR {cpr}%/yr + {amort}%/month; Treasury cap binds",
        "zh-TW": "模型：採 policies.yaml 的政策區間，MBS CPR {cpr}% + 每月攤還 {amort}%；假設公債上限用足",
    },
    "bt.caption": {
        "en": "USD billions at the end of each month (first Wednesday of the next); errors in % of actual.",
        "zh-TW": "單位：十億美元，為各月月底（次月第一個星期三）的持有量；誤差為實際值的百分比。",
    },
    "bt.summary": {
        "en": "Errors, % of actual: avg = mean absolute error, end = last month. naive = every cap always hit.",
        "zh-TW": "誤差（實際值的百分比）：平均 = 平均絕對誤差，期末 = 最後一個月；天真模型 = 假設每月上限都用足。",
    },
    "bt.reserves": {
        "en": "Reserves {date}: model {pred} vs actual {act}, error {err} ({pct}%)\n"
        "  = securities {sec} + other assets held at start {drift}\n"
        "  (actual ON RRP and other liabilities)",
        "zh-TW": "準備金 {date}：模型 {pred}，實際 {act}，誤差 {err}（{pct}%）\n"
        "  = 證券 {sec} + 其他資產（維持起點）{drift}\n"
        "  （隔夜逆回購與其他負債用實際值）",
    },
    "bt.col.month": {"en": "month", "zh-TW": "月份"},
    "bt.col.t_pred": {"en": "T mdl", "zh-TW": "公債模型"},
    "bt.col.t_act": {"en": "T act", "zh-TW": "公債實際"},
    "bt.col.t_err": {"en": "err%", "zh-TW": "誤差%"},
    "bt.col.m_pred": {"en": "MBS mdl", "zh-TW": "MBS模型"},
    "bt.col.m_act": {"en": "MBS act", "zh-TW": "MBS實際"},
    "bt.col.m_err": {"en": "err%", "zh-TW": "誤差%"},
    "bt.col.total_err": {"en": "tot err%", "zh-TW": "合計誤差%"},
    "bt.col.which": {"en": "", "zh-TW": ""},
    "bt.col.mae_t": {"en": "avg T", "zh-TW": "平均公債"},
    "bt.col.mae_m": {"en": "avg MBS", "zh-TW": "平均MBS"},
    "bt.col.mae_total": {"en": "avg tot", "zh-TW": "平均合計"},
    "bt.col.end_t": {"en": "end T", "zh-TW": "期末公債"},
    "bt.col.end_m": {"en": "end MBS", "zh-TW": "期末MBS"},
    "bt.col.end_total": {"en": "end tot", "zh-TW": "期末合計"},
    "bt.row.model": {"en": "model", "zh-TW": "模型"},
    "bt.row.naive": {"en": "naive", "zh-TW": "天真模型"},
    "cal.fit": {
        "en": "Calibration on {first}..{last}: {used} months used ({capped} skipped where the MBS cap bound).",
        "zh-TW": "以 {first}..{last} 校準：採用 {used} 個月（略過 {capped} 個 MBS 上限用足的月份）。",
    },
    "cal.result": {
        "en": "MBS paid down {rate}% of holdings a month; with {amort}%/month scheduled amortization, CPR = {cpr}% (mean error ${mae}B a month).",
        "zh-TW": "MBS 每月還本為持有量的 {rate}%；扣除每月攤還 {amort}% 後，CPR = {cpr}%（每月平均誤差 {mae} 十億美元）。",
    },
    "cal.keep": {
        "en": "policies.yaml has CPR {current}%. Nothing was changed: try it with --cpr {cpr_value}, or edit policies.yaml.",
        "zh-TW": "policies.yaml 目前的 CPR 為 {current}%。本指令不修改檔案：可用 --cpr {cpr_value} 試算，或自行編輯 policies.yaml。",
    },
    "target.mbs": {"en": "MBS", "zh-TW": "MBS"},
    "target.treasuries": {"en": "Treasuries", "zh-TW": "公債"},
    "target.bills": {"en": "T-bills", "zh-TW": "國庫券"},
    "explain.sources": {"en": "Sources", "zh-TW": "資料來源"},
    "explain.topics": {"en": "qt explain: topics", "zh-TW": "qt explain：主題"},
    "explain.col.id": {"en": "topic", "zh-TW": "主題"},
    "explain.col.title": {"en": "title", "zh-TW": "標題"},
    "explain.col.summary": {"en": "summary", "zh-TW": "摘要"},
    "explain.list_hint": {
        "en": "Run 'qt explain TOPIC' for one topic; 'qt explain' alone shows QE vs QT side by side.",
        "zh-TW": "執行 qt explain 主題 查看單一主題；只執行 qt explain 則顯示 QE 與 QT 對照。",
    },
    "explain.more": {"en": "All topics: qt explain --list", "zh-TW": "所有主題：qt explain --list"},
    "history.title": {
        "en": "Central-bank balance-sheet timeline: {count} events",
        "zh-TW": "央行資產負債表大事記：共 {count} 筆",
    },
    "history.caption": {
        "en": "Dates: announced, → effective. USD unless NT$; /mo = a month; Fed rate = its target"
        " range. total assets: Fed H.4.1 (WALCL) on the last Wednesday on or before the"
        " date. --sources lists the sources.",
        "zh-TW": "日期為宣布日，「→」後為生效日。金額除標明新台幣者外均為美元；聯準會利率為目標區間。"
        "總資產：聯準會 H.4.1（WALCL）在該日或之前最後一個星期三的數值。加上 --sources 可列出資料來源。",
    },
    "history.none": {"en": "No events match.", "zh-TW": "沒有符合條件的事件。"},
    "history.sources": {"en": "Sources", "zh-TW": "資料來源"},
    "history.uncertain": {"en": " (uncertain)", "zh-TW": "（未確認）"},
    "history.col.date": {"en": "date", "zh-TW": "日期"},
    "history.col.bank": {"en": "bank", "zh-TW": "機構"},
    "history.col.kind": {"en": "kind", "zh-TW": "類型"},
    "history.col.what": {"en": "what", "zh-TW": "事件"},
    "history.col.amounts": {"en": "amounts", "zh-TW": "金額"},
    "history.col.assets": {"en": "total\nassets", "zh-TW": "總資產"},
    "bank.fed": {"en": "Fed", "zh-TW": "聯準會"},
    "bank.cbc": {"en": "CBC", "zh-TW": "央行"},
    "kind.qe": {"en": "QE", "zh-TW": "量化寬鬆"},
    "kind.taper": {"en": "taper", "zh-TW": "縮減購債"},
    "kind.reinvest": {"en": "reinvest", "zh-TW": "再投資"},
    "kind.twist": {"en": "twist", "zh-TW": "扭轉操作"},
    "kind.qt": {"en": "QT", "zh-TW": "縮表"},
    "kind.rmp": {"en": "RMP", "zh-TW": "準備金管理"},
    "kind.rate": {"en": "rate", "zh-TW": "利率"},
    "kind.reserve-requirement": {"en": "RRR", "zh-TW": "存準率"},
    "kind.market": {"en": "market", "zh-TW": "市場"},
    "amount.treasury_purchases": {"en": "Treasuries", "zh-TW": "公債"},
    "amount.mbs_purchases": {"en": "MBS", "zh-TW": "MBS"},
    "amount.agency_debt_purchases": {"en": "agency debt", "zh-TW": "機構債"},
    "amount.total_purchases": {"en": "total", "zh-TW": "合計"},
    "amount.treasury_purchases_monthly": {"en": "Treasuries", "zh-TW": "公債"},
    "amount.mbs_purchases_monthly": {"en": "MBS", "zh-TW": "MBS"},
    "amount.agency_debt_purchases_monthly": {"en": "agency debt", "zh-TW": "機構債"},
    "amount.total_purchases_monthly": {"en": "total", "zh-TW": "合計"},
    "amount.bill_purchases_monthly": {"en": "T-bills", "zh-TW": "國庫券"},
    "amount.treasury_cap": {"en": "Treasury cap", "zh-TW": "公債上限"},
    "amount.mbs_cap": {"en": "MBS cap", "zh-TW": "MBS上限"},
    "amount.total_cap": {"en": "total cap", "zh-TW": "合計上限"},
    "amount.total_assets": {"en": "total assets", "zh-TW": "總資產"},
    "amount.reserves": {"en": "reserves", "zh-TW": "準備金"},
    "amount.on_rrp": {"en": "ON RRP", "zh-TW": "隔夜逆回購"},
    "amount.change_busd": {"en": "change", "zh-TW": "變動"},
    "amount.policy_rate": {"en": "rate", "zh-TW": "利率"},
    "amount.policy_rate_low": {"en": "rate, bottom of range", "zh-TW": "利率區間下限"},
    "amount.yield_10y": {"en": "10y yield", "zh-TW": "10年期殖利率"},
    "amount.sofr": {"en": "SOFR", "zh-TW": "SOFR"},
    "amount.rate_change_bp": {"en": "rate", "zh-TW": "利率"},
    "amount.rrr_change_pp": {"en": "RRR", "zh-TW": "存款準備率"},
    "amount.ntd_billion": {"en": "", "zh-TW": ""},
    # charts: terminal, --plot files and --format html (qtcli/reports/chart.py, figure.py)
    "chart.axis_zero": {"en": "scale: 0 to {high}", "zh-TW": "刻度：0 至 {high}"},
    "chart.axis_zoom": {
        "en": "scale: {low} to {high} (zoomed in: not from zero)",
        "zh-TW": "刻度：{low} 至 {high}（放大顯示：非從零起算）",
    },
    "chart.actual": {"en": "actual", "zh-TW": "實際"},
    "chart.model": {"en": "model", "zh-TW": "模型"},
    "chart.naive": {"en": "naive model (every cap hit)", "zh-TW": "天真模型（上限全數用足）"},
    "chart.total": {"en": "total holdings", "zh-TW": "總持有量"},
    "chart.actual_total": {"en": "total holdings, actual H.4.1", "zh-TW": "總持有量（H.4.1 實際）"},
    "chart.reserves": {"en": "reserves (projected)", "zh-TW": "準備金（推估）"},
    "plot.unit": {"en": "USD billions", "zh-TW": "十億美元"},
    "plot.unit_yi": {"en": "USD billions", "zh-TW": "億美元"},
    "plot.unit_zhao": {"en": "USD trillions", "zh-TW": "兆美元"},
    "plot.month": {"en": "month (holdings at its end)", "zh-TW": "月份（月底持有量）"},
    "plot.data_date": {"en": "from H.4.1 data of {date}", "zh-TW": "依據 {date} 的 H.4.1 資料"},
    "plot.zoomed": {
        "en": "axis does not start at zero",
        "zh-TW": "縱軸非從零起算",
    },
    "plot.join": {"en": " · ", "zh-TW": "・"},
    "plot.source": {
        "en": "source: qt {version}, Federal Reserve H.4.1",
        "zh-TW": "資料來源：qt {version}，聯準會 H.4.1",
    },
    "plot.sim_title": {
        "en": "Fed Treasury + MBS holdings under {regime}, projected",
        "zh-TW": "聯準會公債與 MBS 持有量試算：{regime}",
    },
    "plot.sim_title_follow": {
        "en": "Fed Treasury + MBS holdings, projected (regimes on policies.yaml's dates)",
        "zh-TW": "聯準會公債與 MBS 持有量試算（依 policies.yaml 日期切換政策區間）",
    },
    "plot.bal_title": {
        "en": "Fed balance sheet: total assets, reserves, ON RRP and other liabilities",
        "zh-TW": "聯準會資產負債表：總資產、準備金、ON RRP 與其他負債",
    },
    "plot.compare_title": {
        "en": "Fed Treasury + MBS holdings: {n} scenarios",
        "zh-TW": "聯準會公債與 MBS 持有量：{n} 種情境比較",
    },
    "plot.bt_title": {
        "en": "Backtest {name}: model, naive model and actual holdings",
        "zh-TW": "回測 {name}：模型、天真模型與實際持有量",
    },
    "cmp.title": {"en": "Comparing {n} scenarios:", "zh-TW": "比較 {n} 種情境："},
    "cmp.defaults": {"en": "(simulate's defaults)", "zh-TW": "（simulate 預設值）"},
    "cmp.col.scenario": {"en": "scenario", "zh-TW": "情境"},
    "cmp.col.treasuries": {"en": "Treas.", "zh-TW": "公債"},
    "cmp.col.mbs": {"en": "MBS", "zh-TW": "MBS"},
    "cmp.col.total": {"en": "total", "zh-TW": "合計"},
    "cmp.col.reserves": {"en": "reserves", "zh-TW": "準備金"},
    "cmp.col.change": {"en": "change", "zh-TW": "變動"},
    "cmp.col.reached": {"en": "total at", "zh-TW": "合計達標"},
    "cmp.caption": {
        "en": "Levels at the end of each projection. USD billions, rounded to $0.1B; "
        "--format json gives exact figures.",
        "zh-TW": "各情境推估期末水準。單位：十億美元，四捨五入至小數一位；--format json 提供精確數值。",
    },
    "cmp.col.reserves_reached": {"en": "res. at", "zh-TW": "準備金達標"},
    "cmp.not_reached": {"en": "not reached", "zh-TW": "未達到"},
    "cmp.monthly": {
        "en": "Total at each month's end",
        "zh-TW": "各月月底總持有量",
    },
    "page.table": {"en": "Month by month", "zh-TW": "逐月明細"},
    "page.assumptions": {"en": "Assumptions", "zh-TW": "假設"},
    "page.sources": {"en": "Sources", "zh-TW": "資料來源"},
    "page.chart": {"en": "Chart", "zh-TW": "圖表"},
    "page.exact": {
        "en": "Amounts in USD billions, exact (as in --format json).",
        "zh-TW": "金額單位為十億美元，為精確數值（與 --format json 相同）。",
    },
    "page.assume.month": {
        "en": "A month's holdings are those of its first H.4.1 Wednesday; the change to the next month's first Wednesday is that month's runoff.",
        "zh-TW": "每月持有量取該月第一個星期三的 H.4.1 數值；到次月第一個星期三的變動，即為當月的縮減額。",
    },
    "page.assume.runoff": {
        "en": "Each month Treasuries run off the lesser of the cap and the principal maturing, and MBS the lesser of the cap and the paydowns; paydowns above the cap are reinvested where the regime says.",
        "zh-TW": "每月公債縮減額為上限與到期本金兩者中較小者，MBS 縮減額為上限與還本金額兩者中較小者；超過上限的還本依政策區間規定再投資。",
    },
    "page.assume.face": {
        "en": "Amounts are face values in USD billions, computed exactly (Decimal), not rounded floats.",
        "zh-TW": "金額為面額，單位十億美元，以十進位精確計算，不以浮點數四捨五入。",
    },
    "page.made": {"en": "Made by qt {version}.", "zh-TW": "由 qt {version} 產生。"},
    # qt balance: the liability side
    "bal.title": {
        "en": "Fed balance sheet, H.4.1 weeks of {first} and {second}",
        "zh-TW": "聯準會資產負債表：H.4.1 週資料 {first} 與 {second}",
    },
    "bal.gdp": {
        "en": "GDP: nominal, SAAR, of the quarters from {first} and {second}",
        "zh-TW": "GDP：名目、季調年率，取 {first} 與 {second} 起的季度",
    },
    "bal.col.change": {"en": "change", "zh-TW": "變動"},
    "bal.row.treasuries": {"en": "Treasuries", "zh-TW": "美國公債"},
    "bal.row.mbs": {"en": "MBS", "zh-TW": "不動產抵押貸款證券（MBS）"},
    "bal.row.other_assets": {"en": "other assets", "zh-TW": "其他資產"},
    "bal.row.total_assets": {"en": "total assets", "zh-TW": "總資產"},
    "bal.row.reserves": {"en": "reserves (week average)", "zh-TW": "準備金（週平均）"},
    "bal.row.onrrp": {"en": "ON RRP", "zh-TW": "隔夜逆回購（ON RRP）"},
    "bal.row.other_liabilities": {
        "en": "other liabilities and capital",
        "zh-TW": "其他負債與資本",
    },
    "bal.row.reserves_pct_gdp": {"en": "reserves, % of GDP", "zh-TW": "準備金占 GDP（%）"},
    "bal.caption": {
        "en": "USD billions, exact to the $1 million of the H.4.1 data.",
        "zh-TW": "單位：億美元，精確至 H.4.1 原始資料的 100 萬美元。",
    },
    "bal.identity": {
        "en": "assets {assets}\n  = reserves {reserves} + ON RRP {onrrp} + other {other}",
        "zh-TW": "資產 {assets}\n  = 準備金 {reserves} + 隔夜逆回購 {onrrp} + 其他 {other}",
    },
    "bal.other_note": {
        "en": "Other liabilities and capital = total assets - reserves - ON RRP: currency, the "
        "Treasury General Account, the foreign official repo pool, capital and the rest. "
        "Reserves (WRESBAL) are a week average; the other lines are Wednesday levels.",
        "zh-TW": "其他負債與資本 = 總資產 - 準備金 - 隔夜逆回購，包括流通中通貨、美國財政部一般帳戶"
        "（TGA）、外國官方附買回帳戶、資本及其他項目。準備金（WRESBAL）為週平均，其餘各項為週三水準。",
    },
    "bal.page_title": {"en": "The Fed's balance sheet", "zh-TW": "聯準會資產負債表"},
    # qt simulate: the liability side of a projection
    "sim.res.start": {
        "en": "Reserves H.4.1 of {date}: reserves {res} ({pct}% of GDP), ON RRP {rrp}",
        "zh-TW": "準備金   H.4.1 {date}：{res}（占GDP {pct}%），逆回購 {rrp}",
    },
    "sim.res.assume": {
        "en": "         other liabilities {g}%/yr; ON RRP {rrp}; GDP {gg}%/yr after {q}",
        "zh-TW": "         其他負債年增 {g}%；隔夜逆回購{rrp}；{q}後 GDP 年增 {gg}%",
    },
    "sim.res.hold": {"en": "held", "zh-TW": "維持不變"},
    "sim.res.glide": {"en": "to {end} by the last month", "zh-TW": "於最後一個月降至 {end}"},
    "sim.res.end": {
        "en": "Reserves end at {res}, {pct}% of GDP (ample: {ample}%, the Dec 2025 level)",
        "zh-TW": "期末準備金 {res}，占 GDP {pct}%（充足水準：{ample}%，2025年12月的比率）",
    },
    "sim.res.below": {
        "en": "  first below the ample level in {month}.",
        "zh-TW": "  於{month}首度低於充足水準。",
    },
    "sim.res.never": {
        "en": "  never below the ample level within {n} months.",
        "zh-TW": "  {n} 個月內未低於充足水準。",
    },
    "sim.res.scarce": {
        "en": "  below the Sep 2019 repo-spike level ({scarce}% of GDP) in {month}.",
        "zh-TW": "  於{month}低於2019年9月附買回利率飆升時的水準（占 GDP {scarce}%）。",
    },
    "sim.res.exhausted": {
        "en": "  reserves would run out in {month}: runoff on this scale cannot last that long.",
        "zh-TW": "  準備金將於{month}耗盡：如此規模的縮表無法持續那麼久。",
    },
    "sim.res.reached": {
        "en": "Reserves reach {target} in {month}.",
        "zh-TW": "準備金於{month}達到 {target}。",
    },
    "sim.res.not_reached": {
        "en": "Reserves do not reach {target} within {n} months.",
        "zh-TW": "{n} 個月內準備金未達 {target}。",
    },
    "sim.col.total_assets": {"en": "assets", "zh-TW": "總資產"},
    "sim.col.onrrp": {"en": "ON RRP", "zh-TW": "逆回購"},
    "sim.col.other_liabilities": {"en": "other", "zh-TW": "其他負債"},
    "sim.col.reserves": {"en": "reserves", "zh-TW": "準備金"},
    "sim.col.reserves_pct_gdp": {"en": "% GDP", "zh-TW": "占GDP%"},
    "sim.col.reserves_change": {"en": "res. chg", "zh-TW": "準備金變動"},
    "sim.res.caption": {
        "en": "USD billions, rounded to $0.1B. reserves = assets - ON RRP - other liabilities "
        "and capital (currency, the TGA, ...); --format json gives exact figures.",
        "zh-TW": "單位：十億美元，四捨五入至小數一位。準備金 = 總資產 - 隔夜逆回購 - 其他負債與資本"
        "（流通中通貨、TGA 等）；--format json 提供精確數值。",
    },
}


def msg(key: str, lang: str, **values: object) -> str:
    return MESSAGES[key][lang if lang in LANGS else "en"].format(**values)
