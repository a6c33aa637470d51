#!/usr/bin/env python3
"""K-fold cross-validation of the learned scorer over the own real-headline labels.

Usage: cv.py [TRAIN.tsv] [--folds K]   (TRAIN_* variables pass through to train_scorer)

Each fold holds out the own-labelled texts whose SHA-256 falls in it (every row of a text,
whatever its target, in one fold), trains `train_scorer` on all other rows of TRAIN.tsv
(default data/train.tsv) and scores the held-out rows. Prints the accuracy over all held-out
rows and per fold. Build the trainer first:
  cargo build --release -p tickertone-text --example train_scorer
(it is looked for in $CARGO_TARGET_DIR, default target/). Standard library only.
"""
import argparse
import hashlib
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
OWN = ['own-labels-headlines.tsv', 'own-labels-headlines-2.tsv', 'own-labels-news-sentences.tsv']


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('train', nargs='?', default=os.path.join(HERE, 'data', 'train.tsv'))
    ap.add_argument('--folds', type=int, default=5)
    args = ap.parse_args()
    target = os.environ.get('CARGO_TARGET_DIR', os.path.join(ROOT, 'target'))
    trainer = os.path.join(target, 'release', 'examples', 'train_scorer')
    if not os.path.exists(trainer):
        sys.exit(f'{trainer} not found: cargo build --release -p tickertone-text --example train_scorer')
    own = set()
    for name in OWN:
        for line in open(os.path.join(HERE, name), encoding='utf-8'):
            if line.strip() and not line.startswith('#'):
                own.add(line.rstrip('\n').split('\t')[2])
    rows = open(args.train, encoding='utf-8').read().splitlines()

    def fold(text):
        return int(hashlib.sha256(text.encode()).hexdigest(), 16) % args.folds

    total, right, per = 0, 0.0, []
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(args.folds):
            held = lambda r: r.split('\t')[2] in own and fold(r.split('\t')[2]) == k
            tr, dv = os.path.join(tmp, 'train.tsv'), os.path.join(tmp, 'dev.tsv')
            with open(tr, 'w', encoding='utf-8') as f:
                f.write('\n'.join(r for r in rows if not held(r)) + '\n')
            with open(dv, 'w', encoding='utf-8') as f:
                f.write('\n'.join('\t'.join(r.split('\t')[:3]) for r in rows if held(r)) + '\n')
            out = subprocess.run([trainer, tr, os.path.join(tmp, 'model.bin'), dv],
                                 capture_output=True, text=True, check=True).stdout
            m = re.search(r': (\d+) rows, accuracy ([\d.]+)', out)
            if not m:
                sys.exit(f'fold {k}: no figures in {out!r}')
            n, acc = int(m.group(1)), float(m.group(2))
            total += n
            right += n * acc
            per.append(acc)
    print(f'cross-validated accuracy {right / total:.4f} over {total} rows; folds',
          ' '.join(f'{a:.3f}' for a in per))


if __name__ == '__main__':
    main()
