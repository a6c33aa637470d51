#!/usr/bin/env python3
"""Recomputes the study's daily IC (Spearman of mean_sentiment vs forward return) from the
report's daily.csv and closes.csv, independently of tickertone, and compares with ic.csv."""
import sys
import pandas as pd
from scipy.stats import spearmanr

R = '/tmp/study-real/reports'
daily = pd.read_csv(f'{R}/2016-12-02/daily.csv')
closes = pd.read_csv('/tmp/study-real/closes.csv')
ic = pd.read_csv(f'{R}/study-2016-12-02/ic.csv')
px = closes.pivot(index='date', columns='ticker', values='close')
cal = list(px.index)                       # trading days: any close that day (companies + SPX)
pos = {d: i for i, d in enumerate(cal)}

def series_for(row):
    for t in [row.symbol] + str(row.tickers).split(';'):
        if t in px.columns:
            return t
    return None

daily['px'] = daily.apply(series_for, axis=1)
nocl = daily[daily.px.isna()].drop_duplicates('company')
print('companies without closes:', len(nocl), ' '.join(sorted(nocl.symbol)))

def day_ic(d, h, verbose=False):
    if d not in pos or pos[d] + h >= len(cal):
        return None
    d2 = cal[pos[d] + h]
    rows = daily[(daily.date == d) & daily.px.notna()]
    f, r = [], []
    for row in rows.itertuples():
        c0, c1 = px.at[d, row.px], px.at[d2, row.px]
        if pd.notna(c0) and pd.notna(c1):
            f.append(row.mean_sentiment); r.append(c1 / c0 - 1)
    if len(f) < 5:
        return None
    try:
        pd.qcut(pd.Series(f), 5)
    except ValueError:
        return 'tied'
    if verbose:
        t = pd.DataFrame({'factor': f, 'fwd': r}).sort_values('factor')
        print(t.to_string(max_rows=12))
    return spearmanr(f, r).statistic, len(f)

worst = 0
for h in (1, 5, 20):
    sub = ic[ic.horizon == h]
    for row in sub.itertuples():
        got = day_ic(row.date, h)
        diff = abs(got[0] - row.ic)
        worst = max(worst, diff)
        assert got[1] == row.companies, (h, row.date, got, row.companies)
print('largest |IC difference| over all', len(ic), 'day-horizons:', worst)
d = sys.argv[1] if len(sys.argv) > 1 else '2016-11-09'
for h in (1, 5, 20):
    v = day_ic(d, h, verbose=(h == 1))
    print(f'{d} h={h}: by hand {v}; ic.csv', ic[(ic.horizon == h) & (ic.date == d)][['ic', 'companies']].values.tolist())
