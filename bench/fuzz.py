"""Long fuzz run of the file loaders: 10,000 documents each, counting every outcome.

The same strategies as tests/test_fuzz.py (mutations of the shipped policies.yaml and
events.yaml and of the test fixtures, plus random documents), run much longer. Every
document must load or raise DataError; anything else is an uncaught exception, printed
with the document that caused it, and makes the exit status 1.

Run:  uv run python bench/fuzz.py [--examples N] [--loader NAME ...]
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import test_fuzz  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402


def fuzz(loader: str, examples: int) -> Counter[str]:
    counts: Counter[str] = Counter()

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(test_fuzz.strategy(loader, shipped=True))
    def run(text: str) -> None:
        counts["documents"] += 1
        try:
            counts["loaded" if test_fuzz.check_one(loader, text) else "refused"] += 1
        except Exception:  # noqa: BLE001 - the point: count and show anything uncaught
            counts["uncaught"] += 1
            if counts["uncaught"] <= 3:
                print(f"--- {loader}: uncaught exception for:\n{text[:2000]}", file=sys.stderr)
                traceback.print_exc()

    run()
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=10_000)
    parser.add_argument("--loader", action="append", choices=sorted(test_fuzz.TARGETS))
    args = parser.parse_args()
    failed = False
    for loader in args.loader or sorted(test_fuzz.TARGETS):
        start = time.monotonic()
        counts = fuzz(loader, args.examples)
        took = time.monotonic() - start
        print(
            f"{loader:16} {counts['documents']:6} documents: {counts['loaded']:5} loaded, "
            f"{counts['refused']:5} refused (DataError), {counts['uncaught']} uncaught "
            f"exceptions  {took:6.1f} s"
        )
        failed = failed or counts["uncaught"] > 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
