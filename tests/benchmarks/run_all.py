"""Run every benchmark module (``bench_*.py``) and print one report.

``--ci`` prints the report and never fails on a number, with fewer repeats
(``common.repeats``); a benchmark that crashes is
reported (and fails the run), because that is a bug, not a measurement.
``--scale`` adds the 50,000 people / 1,000,000 entries run (``scale_50k``: hours to
build its journal the first time, so by hand only, never with ``--ci``).
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ci", action="store_true")
    parser.add_argument("--scale", action="store_true", help="also 50k people / 1M entries")
    parser.add_argument("only", nargs="*", help="benchmark module names (default: all)")
    args = parser.parse_args()
    if args.ci:
        from tests.benchmarks import common

        common.CI = True  # fewer repeats; every journal is built once and shared (common)
    if args.scale and args.ci:
        parser.error("--scale is by hand only: it is not for CI")
    names = args.only or sorted(p.stem for p in Path(__file__).parent.glob("bench_*.py"))
    if args.scale:
        names = [*names, "scale_50k"]
    failed = 0
    print("# Rapport benchmarks\n")
    for name in names:
        start = time.perf_counter()
        try:
            module = importlib.import_module(f"tests.benchmarks.{name}")
            print(module.run())
        except Exception:
            failed += 1
            print(f"## {name}: FAILED\n")
            traceback.print_exc()
        print(f"  ({name} took {time.perf_counter() - start:.1f} s)\n", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
