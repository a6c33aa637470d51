#!/usr/bin/env python3
"""Quintiles (pandas.qcut per day, demeaned) and the chart's compounded series, by hand."""
import pandas as pd, numpy as np
R='/tmp/study-real/reports'
daily=pd.read_csv(f'{R}/2016-12-02/daily.csv'); closes=pd.read_csv('/tmp/study-real/closes.csv')
px=closes.pivot(index='date',columns='ticker',values='close'); cal=list(px.index); pos={d:i for i,d in enumerate(cal)}
daily['px']=[s if s in px.columns else next((t for t in str(ts).split(';') if t in px.columns),None) for s,ts in zip(daily.symbol,daily.tickers)]
q=pd.read_csv(f'{R}/study-2016-12-02/quantiles.csv')
for h in (1,5,20):
    per=[]
    for d,g in daily[daily.px.notna()].groupby('date'):
        if d not in pos or pos[d]+h>=len(cal): continue
        d2=cal[pos[d]+h]
        r=np.array([px.at[d2,t]/px.at[d,t]-1 for t in g.px]); f=g.mean_sentiment.values
        ok=~np.isnan(r)
        if ok.sum()<5: continue
        df=pd.DataFrame({'f':f[ok],'r':r[ok]}); df['q']=pd.qcut(df.f,5,labels=False)+1
        m=df.groupby('q').r.mean(); per.append((m-df.r.mean()).rename(d))
    P=pd.DataFrame(per)
    mine=P.mean(); theirs=q[(q.horizon==h)&q['quantile'].isin(['1','2','3','4','5'])].mean_return_demeaned.values
    print(h,len(P),'max diff demeaned means',np.abs(mine.values-theirs).max())
    if h==1:
        cum=(1+P).cumprod()-1
        print('compounded end values (%):',(cum.iloc[-1]*100).round(2).to_dict())
        print('min/max over the path (%):',round(cum.min().min()*100,2),round(cum.max().max()*100,2))
        big=P.abs().stack().sort_values().tail(4); print('largest daily demeaned quintile returns:\n',big)
