#!/usr/bin/env python3
"""Event study by hand: |zscore_30d| >= 2, AR = company return - SPX return, CAR from day -5."""
import pandas as pd, numpy as np, bisect
R='/tmp/study-real/reports'
d=pd.read_csv(f'{R}/2016-12-02/daily.csv'); closes=pd.read_csv('/tmp/study-real/closes.csv')
px=closes.pivot(index='date',columns='ticker',values='close'); cal=list(px.index)
ret=px/px.shift(1)-1   # return of each trading day of the calendar against the previous one
ar=ret.sub(ret['SPX'],axis=0)
d['px']=[s if s in px.columns else next((t for t in str(ts).split(';') if t in px.columns),None) for s,ts in zip(d.symbol,d.tickers)]
ev=d[d.zscore_30d.abs()>=2]
out={'positive':[], 'negative':[]}; skipped={'positive':0,'negative':0}
for r in ev.itertuples():
    sign='positive' if r.zscore_30d>0 else 'negative'
    i=bisect.bisect_left(cal,r.date)
    if not isinstance(r.px,str) or i-5<0 or i+20>=len(cal): skipped[sign]+=1; continue
    a=ar[r.px].iloc[i-5:i+21].values
    if np.isnan(a).any(): skipped[sign]+=1; continue
    out[sign].append(np.cumsum(a))
e=pd.read_csv(f'{R}/study-2016-12-02/events.csv')
for s in out:
    M=np.array(out[s]); car=M.mean(0); se=M.std(0,ddof=1)/np.sqrt(len(M))
    t=e[e['sign']==s].sort_values('day')
    print(s,'events',len(M),'skipped',skipped[s],'max|diff| car',np.abs(car-t.mean_car.values).max(),'se',np.abs(se-t.std_error_car.values).max())
    for k in (0,5,20): print(f'  CAR[{k:+d}] = {car[k+5]*100:+.3f} % (se {se[k+5]*100:.3f})')
