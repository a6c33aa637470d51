#!/usr/bin/env python3
"""Builds scripts/train/data/train.tsv, the learned scorer's training set, from public sources.

Usage: prepare.py RAW_DIR [--heldout HASHES] [--out PATH]

RAW_DIR holds the source files named in sources.tsv (beside this script), each checked
against its SHA-256 there. Output rows: label<TAB>target<TAB>text<TAB>weight, label
negative/neutral/positive, target a company as written in the text ('$TICKER' for a cashtag)
or empty for the whole text.

Excluded, after normalising case, spacing and punctuation (NFKC, lower case, runs of
anything but a-z and 0-9 → one space):
- every text, and every sentence of a text, whose hash is in HASHES: the held-out sets
  (Financial PhraseBank, FiQA-2018, SemEval-2017 Task 5, SEntFiN 1.0);
- every text in the project's dev sets (tests/fixtures/scorer-dev*.tsv, the text crate's
  tests/fixtures), so the dev figures stay honest;
- texts labelled both ways (same text and target, different labels).
Only the Python standard library is used; the output is sorted by source, then input order.
"""
import argparse
import csv
import hashlib
import io
import json
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def norm(s):
    return re.sub(r'[^a-z0-9]+', ' ', unicodedata.normalize('NFKC', s).lower()).strip()


def h16(s):
    return hashlib.sha256(norm(s).encode()).hexdigest()[:16]


URL = re.compile(r'https?://\S+')
SPACE = re.compile(r'\s+')


def clean(s):
    s = URL.sub(' ', s)
    s = s.replace('\u2026', ' ')
    return SPACE.sub(' ', s).strip(' -|')


def sentences(text):
    return [p for p in re.split(r'(?<=[.!?])\s+(?=[A-Z"\u201c(])', text) if p.strip()]


def tfns(path):
    """twitter-financial-news-sentiment: 0 bearish, 1 bullish, 2 neutral."""
    names = {'0': 'negative', '1': 'positive', '2': 'neutral'}
    with open(path, newline='', encoding='utf-8') as f:
        for row in csv.DictReader(f):
            text = clean(row['text'])
            label = names.get(row['label'].strip())
            if not text or not label:
                continue
            yield label, '', text, 1.0
            tags = re.findall(r'\$([A-Z]{1,5})\b', text)
            if len(set(tags)) == 1 and text.startswith('$'):
                yield label, '$' + tags[0], text, 1.0


def gold(path):
    """Gold commodity news headlines (Sinha & Khandait): price sentiment; 'none' is neutral."""
    names = {'positive': 'positive', 'negative': 'negative', 'neutral': 'neutral', 'none': 'neutral'}
    with open(path, newline='', encoding='utf-8') as f:
        for row in csv.DictReader(f, delimiter='\t'):
            label = names.get(row['Price Sentiment'].strip().lower())
            text = clean(row['News'])
            if label and text:
                yield label, '', text, 0.5


RIC = re.compile(r'<[^<>]{1,12}>|\[n[A-Z0-9]+\]|\(\([^)]*\)\)|\(Reporting by[^)]*\)|\(Writing by[^)]*\)|\(Editing by[^)]*\)')


def finentity(path):
    """FinEntity: per entity of a Reuters paragraph; the sentences naming it."""
    names = {'Positive': 'positive', 'Neutral': 'neutral', 'Negative': 'negative'}
    for doc in json.load(open(path, encoding='utf-8')):
        content = clean(RIC.sub(' ', doc['content']))
        for a in doc['annotations']:
            label = names.get(a['label'])
            value = a['value'].strip()
            if value.endswith("'s"):
                value = value[:-2]
            value = value.strip(' ,.')
            if not label or len(value) < 2:
                continue
            named = [s for s in sentences(content) if value in s]
            if named:
                yield label, value, ' '.join(named), 1.0


def own(path, weight=1.0):
    with open(path, encoding='utf-8') as f:
        for line in f:
            if not line.strip() or line.startswith('#'):
                continue
            label, target, text = line.rstrip('\n').split('\t')[:3]
            yield label, target, text, weight


def origin(path):
    """Where the texts of an own-labels file come from: checked by SHA-256, not read."""
    return iter(())


OWN_WEIGHT = 2.0

READERS = {'tfns': tfns, 'gold': gold, 'finentity': finentity, 'origin': origin}
# Own labels (beside this script): file, source name, whether they are real headlines. Real
# headlines labelled per company weigh OWN_WEIGHT (--own-weight): they are the domain tickertone
# scores, the public sets are tweets, gold-market news and Reuters paragraphs (the weight was chosen
# by cross-validation on these files, see README).
OWN = [('own-labels.tsv', 'own', False),
       ('own-labels-headlines.tsv', 'own-real', True),
       ('own-labels-headlines-2.tsv', 'own-real2', True),
       ('own-labels-news-sentences.tsv', 'own-sent', True)]


def sha256(path):
    h = hashlib.sha256()
    with open(path, 'rb') as f:
        for chunk in iter(lambda: f.read(1 << 20), b''):
            h.update(chunk)
    return h.hexdigest()


def dev_texts():
    seen = set()
    dirs = [os.path.join(ROOT, 'tests', 'fixtures'),
            os.path.join(ROOT, 'crates', 'tickertone-text', 'tests', 'fixtures')]
    for d in dirs:
        if not os.path.isdir(d):
            continue
        for name in sorted(os.listdir(d)):
            if name.startswith('scorer-') and name.endswith('.tsv'):
                for line in open(os.path.join(d, name), encoding='utf-8'):
                    if line.strip() and not line.startswith('#'):
                        seen.add(norm(line.rstrip('\n').split('\t')[-1]))
    return seen


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('raw')
    ap.add_argument('--heldout', default='/work/shared/heldout/sha256-16.txt')
    ap.add_argument('--out', default=os.path.join(HERE, 'data', 'train.tsv'))
    ap.add_argument('--own-weight', type=float, default=OWN_WEIGHT,
                    help='weight of the own real-headline labels (experiments)')
    args = ap.parse_args()

    held = set()
    if os.path.exists(args.heldout):
        held = set(open(args.heldout).read().split())
    else:
        print(f'warning: {args.heldout} not found: held-out sentences not filtered', file=sys.stderr)
    dev = dev_texts()

    rows = []
    with open(os.path.join(HERE, 'sources.tsv'), encoding='utf-8') as f:
        for r in csv.DictReader((l for l in f if not l.startswith('#')), delimiter='\t'):
            path = os.path.join(args.raw, r['file'])
            got = sha256(path)
            if got != r['sha256']:
                sys.exit(f'{path}: sha256 {got}, expected {r["sha256"]}')
            rows.extend((r['name'], *row) for row in READERS[r['reader']](path))
    for name, src, real in OWN:
        weight = args.own_weight if real else 1.0
        rows.extend((src, *row) for row in own(os.path.join(HERE, name), weight))

    counts = {}
    dropped = {'held-out': 0, 'dev': 0, 'conflict': 0, 'duplicate': 0}
    labels = {}
    for src, label, target, text, w in rows:
        labels.setdefault((norm(text), target), set()).add(label)
    out, seen = [], set()
    for src, label, target, text, w in rows:
        n = norm(text)
        parts = [text] + sentences(text)
        if any(len(norm(p)) >= 15 and h16(p) in held for p in parts):
            dropped['held-out'] += 1
            continue
        if n in dev:
            dropped['dev'] += 1
            continue
        if len(labels[(n, target)]) > 1:
            dropped['conflict'] += 1
            continue
        if (n, target) in seen:
            dropped['duplicate'] += 1
            continue
        seen.add((n, target))
        text = text.replace('\t', ' ')
        out.append(f'{label}\t{target}\t{text}\t{w:g}')
        key = (src, label)
        counts[key] = counts.get(key, 0) + 1

    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, 'w', encoding='utf-8') as f:
        f.write('\n'.join(out) + '\n')
    for (src, label), c in sorted(counts.items()):
        print(f'{src:10} {label:9} {c:6}')
    print(f'{len(out)} rows written to {args.out}; dropped {dropped}')


if __name__ == '__main__':
    main()
