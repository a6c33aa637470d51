#!/usr/bin/env python3
"""`tickertone study` against Alphalens (alphalens-reloaded) and an independent pandas
event study, on a generated store and generated closes.

1. A synthetic corpus (benches/gen_corpus.py: 40 companies, 80 days) is ingested and
   `tickertone report --format csv` writes daily.csv: the factor is its `mean_sentiment`,
   per (date, symbol).
2. Closes: a business-day random walk per symbol and for SPY, each return nudged by the
   sentiment of the day before (so the IC is not just noise). No close is missing:
   Alphalens forward-fills a missing close (`prices.ffill()`), tickertone never does, so
   on gappy closes the two differ by design.
3. `tickertone study --prices closes.csv --benchmark SPY --horizons 1,5,20`.
4. Per horizon, Alphalens: get_clean_factor_and_forward_returns(factor, prices,
   periods=(h,), quantiles=5, filter_zscore=None, max_loss=1), the days kept with at least
   5 companies (tickertone's rule), then factor_information_coefficient and
   mean_return_by_quantile (raw and demeaned, by date and over dates). Compared with
   ic.csv, ic_summary.csv and quantiles.csv to 1e-9.
5. The event study recomputed in plain pandas from daily.csv and the closes, compared with
   events.csv to 1e-9.

Exits 1 on any difference. Needs pandas, scipy and alphalens-reloaded (engines/study/check.sh
installs them when missing) and the tickertone binary (TICKERTONE_BIN, default
target/debug/tickertone).
"""

import io
import math
import os
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

warnings.filterwarnings("ignore")
import alphalens.performance as perf  # noqa: E402
from alphalens.utils import get_clean_factor_and_forward_returns  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
BIN = os.environ.get("TICKERTONE_BIN", str(ROOT / "target/debug/tickertone"))
TOL = 1e-9
FROM, TO = "2026-09-01", "2026-11-20"
HORIZONS = (1, 5, 20)
MIN_COMPANIES = 5


def run(*args, **kw):
    return subprocess.run([BIN, *args], check=True, capture_output=True, text=True, **kw)


def closes_for(daily, seed=11):
    """Business days from 40 days before FROM to 45 after TO; SPY and each symbol."""
    rng = np.random.default_rng(seed)
    days = pd.bdate_range(pd.Timestamp(FROM) - pd.Timedelta(days=40),
                          pd.Timestamp(TO) + pd.Timedelta(days=45))
    factor = daily.pivot_table(index="date", columns="symbol", values="mean_sentiment")
    factor.index = pd.to_datetime(factor.index)
    market = rng.normal(0.0003, 0.01, len(days))
    rows = []
    for symbol in ["SPY", *sorted(daily["symbol"].unique())]:
        price = 100.0
        for i, day in enumerate(days):
            if i > 0:
                r = market[i]
                if symbol != "SPY":
                    prev = days[i - 1]
                    s = factor[symbol].get(prev, np.nan) if symbol in factor else np.nan
                    r += rng.normal(0, 0.015) + (0.004 * s if not math.isnan(s) else 0.0)
                price *= 1.0 + r
            rows.append((day.strftime("%Y-%m-%d"), symbol, round(price, 6)))
    closes = pd.DataFrame(rows, columns=["date", "ticker", "close"])
    return closes


def max_diff(label, ours, theirs):
    a = np.asarray(ours, dtype=float)
    b = np.asarray(theirs, dtype=float)
    if a.shape != b.shape:
        print(f"FAIL {label}: {a.shape} values against {b.shape}")
        return math.inf
    both_nan = np.isnan(a) & np.isnan(b)
    d = np.where(both_nan, 0.0, np.abs(a - b))
    worst = float(np.nanmax(d)) if d.size else 0.0
    if np.isnan(d).any():
        worst = math.inf
    print(f"{'ok  ' if worst <= TOL else 'FAIL'} {label}: {a.size} values, max |diff| {worst:.3g}")
    return worst


def alphalens_check(study, daily, prices):
    factor = daily.copy()
    factor["date"] = pd.to_datetime(factor["date"])
    factor = factor.set_index(["date", "symbol"])["mean_sentiment"].sort_index()
    factor.index = factor.index.set_names(["date", "asset"])
    ic_csv = pd.read_csv(study / "ic.csv", parse_dates=["date"])
    ic_sum = pd.read_csv(study / "ic_summary.csv")
    quant = pd.read_csv(study / "quantiles.csv", dtype={"quantile": str})
    worst = 0.0
    for h in HORIZONS:
        fd = get_clean_factor_and_forward_returns(
            factor, prices, periods=(h,), quantiles=5, filter_zscore=None, max_loss=1.0)
        col = fd.columns[0]
        counts = fd.groupby(level="date").size()
        fd = fd[fd.index.get_level_values("date").isin(counts[counts >= MIN_COMPANIES].index)]
        ic = perf.factor_information_coefficient(fd)[col].dropna()
        ours = ic_csv[ic_csv.horizon == h].set_index("date")["ic"]
        worst = max(worst, max_diff(f"h={h} days with an IC (count)", [len(ours)], [len(ic)]))
        ours = ours.reindex(ic.index)
        worst = max(worst, max_diff(f"h={h} daily IC", ours.values, ic.values))
        s = ic_sum[ic_sum.horizon == h].iloc[0]
        t = stats.ttest_1samp(ic.values, 0).statistic
        worst = max(worst, max_diff(
            f"h={h} mean IC, sd, t, share > 0",
            [s.mean_ic, s.sd, s.t, s.share_positive],
            [ic.mean(), ic.std(), t, (ic > 0).mean()]))
        q = quant[quant.horizon == h].set_index("quantile")
        for demeaned, mcol, scol in [(False, "mean_return", "std_error"),
                                     (True, "mean_return_demeaned", "std_error_demeaned")]:
            mean, se = perf.mean_return_by_quantile(fd, by_date=False, demeaned=demeaned)
            idx = [str(i) for i in mean.index]
            worst = max(worst, max_diff(f"h={h} quintile means (demeaned={demeaned})",
                                        q.loc[idx, mcol].values, mean[col].values))
            worst = max(worst, max_diff(f"h={h} quintile std errors (demeaned={demeaned})",
                                        q.loc[idx, scol].values, se[col].values))
        by_date, _ = perf.mean_return_by_quantile(fd, by_date=True, demeaned=True)
        spread, _ = perf.compute_mean_returns_spread(by_date[col], 5, 1)
        spread = spread.dropna()
        worst = max(worst, max_diff(f"h={h} long-short spread ((top - bottom) / 2)",
                                    [q.loc["long-short", "mean_return"]], [spread.mean()]))
        top = by_date[col].xs(5, level="factor_quantile")
        bottom = by_date[col].xs(1, level="factor_quantile")
        worst = max(worst, max_diff(f"h={h} top-minus-bottom spread",
                                    [q.loc["top-bottom", "mean_return"]],
                                    [(top - bottom).dropna().mean()]))
    return worst


def event_check(study, daily, closes):
    """The event study in pandas, written from the README's definition."""
    px = closes.pivot(index="date", columns="ticker", values="close").sort_index()
    px.index = pd.to_datetime(px.index)
    days = px.index
    rets = px / px.shift(1) - 1  # a day's return needs both closes: NaN otherwise
    bench = rets["SPY"]
    ev = daily[daily["zscore_30d"].abs() >= 2].copy()
    ev["date"] = pd.to_datetime(ev["date"])
    curves = {}
    for sign, sub in [("positive", ev[ev.zscore_30d > 0]), ("negative", ev[ev.zscore_30d < 0])]:
        cars = []
        for _, e in sub.iterrows():
            day0 = days.searchsorted(e["date"])  # first trading day on or after the event
            if day0 - 5 < 1 or day0 + 20 >= len(days) or e["symbol"] not in rets:
                continue
            window = slice(day0 - 5, day0 + 21)
            ar = (rets[e["symbol"]].iloc[window] - bench.iloc[window]).values
            if np.isnan(ar).any():
                continue
            cars.append(np.cumsum(ar))
        if cars:
            m = np.vstack(cars)
            se = m.std(axis=0, ddof=1) / np.sqrt(len(cars)) if len(cars) > 1 else np.full(26, np.nan)
            curves[sign] = (m.mean(axis=0), se, len(cars))
    ours = pd.read_csv(study / "events.csv")
    worst = 0.0
    for sign, (car, se, n) in curves.items():
        o = ours[ours.sign == sign].sort_values("day")
        worst = max(worst, max_diff(f"events {sign}: count", [o.events.iloc[0]], [n]))
        worst = max(worst, max_diff(f"events {sign}: mean CAR -5..+20", o.mean_car.values, car))
        worst = max(worst, max_diff(f"events {sign}: CAR std error", o.std_error_car.values, se))
    if not curves:
        print("FAIL events: no event in the generated data")
        return math.inf
    return worst


def main():
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        data, reports = tmp / "data", tmp / "reports"
        corpus = tmp / "corpus.ndjson"
        subprocess.run([sys.executable, str(ROOT / "benches/gen_corpus.py"), "--articles", "4000",
                        "--companies", "40", "--days", "120", "--end-date", TO, "--seed", "5",
                        "--out", str(corpus)], check=True, capture_output=True)
        env = {**os.environ, "TICKERTONE_DATA": str(data), "TICKERTONE_REPORTS": str(reports)}
        run("-q", "ingest", str(corpus), env=env)
        run("-q", "report", "--format", "csv", "--from", FROM, "--to", TO, env=env)
        daily = pd.read_csv(reports / TO / "daily.csv")
        closes = closes_for(daily)
        closes.to_csv(tmp / "closes.csv", index=False)
        run("-q", "study", "--prices", str(tmp / "closes.csv"), "--benchmark", "SPY",
            "--from", FROM, "--to", TO, "--horizons", ",".join(map(str, HORIZONS)), env=env)
        study = reports / f"study-{TO}"
        prices = closes.pivot(index="date", columns="ticker", values="close")
        prices.index = pd.to_datetime(prices.index)
        worst = max(alphalens_check(study, daily, prices), event_check(study, daily, closes))
        print(f"largest difference: {worst:.3g} (tolerance {TOL})")
        print(pd.read_csv(study / "ic_summary.csv").to_string(index=False))
        sys.exit(0 if worst <= TOL else 1)


if __name__ == "__main__":
    main()
