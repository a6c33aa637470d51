#!/usr/bin/env python3
"""Compares the CSVs of two report folders: tickertone's and the Spark job's.

    python3 engines/spark/compare.py EXPECTED_DIR ACTUAL_DIR

For daily.csv and summary.csv: the contract's columns (the Spark job's header; tickertone
appends its own extra columns after them: stories, volume, sector, price correlation,
which the job does not compute), the same number of rows, and in every
row the same text, except numbers, which may differ by 1e-9 (relative to their size
when they are larger than 1): the two engines add floating-point numbers in different
orders. Prints one line per file (rows, cells, cells byte-identical, largest numeric
difference) and every difference; exits 1 when the folders differ.
"""

import csv
import sys
from pathlib import Path

TOLERANCE = 1e-9
FILES = ("daily.csv", "summary.csv")


def as_number(text):
    """The float a cell holds, or None for text (dates, names, labels, empty cells)."""
    try:
        return float(text) if text not in ("", "nan", "inf", "-inf") else None
    except ValueError:
        return None


def cell_difference(expected, actual):
    """`(equal, numeric difference)` of two cells: text must be equal; numbers within
    the tolerance."""
    if expected == actual:
        return True, 0.0
    a, b = as_number(expected), as_number(actual)
    if a is None or b is None:
        return False, None
    difference = abs(a - b)
    return difference <= TOLERANCE * max(1.0, abs(a), abs(b)), difference


def compare_file(expected_path, actual_path):
    """Compares one CSV file; returns the list of differences (empty when equal)."""
    with open(expected_path, newline="", encoding="utf-8") as f:
        expected = list(csv.reader(f))
    with open(actual_path, newline="", encoding="utf-8") as f:
        actual = list(csv.reader(f))
    problems = []
    # tickertone's extra columns come after the contract's: compare the contract's.
    width = len(actual[0]) if actual else 0
    if expected and actual and expected[0][:width] == actual[0]:
        expected = [row[:width] for row in expected]
    if expected[:1] != actual[:1]:
        return [f"header: {expected[:1]} != {actual[:1]}"]
    if len(expected) != len(actual):
        problems.append(f"rows: {len(expected) - 1} expected, {len(actual) - 1} found")
    header = expected[0]
    cells = identical = 0
    largest = 0.0
    for line, (want, got) in enumerate(zip(expected[1:], actual[1:]), start=2):
        if len(want) != len(got):
            problems.append(f"line {line}: {len(want)} fields expected, {len(got)} found")
            continue
        for column, e, a in zip(header, want, got):
            cells += 1
            identical += e == a
            equal, difference = cell_difference(e, a)
            if difference is not None:
                largest = max(largest, difference)
            if not equal:
                problems.append(f"line {line}, {column}: expected {e!r}, found {a!r}")
    same_bytes = Path(expected_path).read_bytes() == Path(actual_path).read_bytes()
    print(
        f"{Path(actual_path).name}: {len(actual) - 1} rows, {cells} cells, "
        f"{identical} byte-identical, largest numeric difference {largest:.3g}"
        f"{', files byte-identical' if same_bytes else ''}"
    )
    return problems


def main(argv):
    """Compares both files; returns the exit status."""
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    expected_dir, actual_dir = map(Path, argv)
    failed = False
    for name in FILES:
        problems = compare_file(expected_dir / name, actual_dir / name)
        for p in problems[:20]:
            print(f"  {name}: {p}")
        if len(problems) > 20:
            print(f"  {name}: ... {len(problems) - 20} more differences")
        failed = failed or bool(problems)
    print("EQUAL" if not failed else "DIFFERENT", f"({expected_dir} vs {actual_dir})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
