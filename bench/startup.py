"""Startup benchmark: whole-process wall time of qt commands against a floor app.

The floor app (bench/floor_app.py) is the least any Typer + Rich + PyYAML CLI can do: parse
one integer option, load a ten-line YAML string, print a 12-row rich table. Each qt command
runs interleaved with the floor, several times; the medians and their ratio are printed.
Targets: every startup ratio <= 1.3, and `simulate --months 600 --format json` within 1.2x
of `simulate --months 12 --format json`.

Run:  uv run python bench/startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
FLOOR = [sys.executable, str(HERE / "floor_app.py"), "--months", "12"]
QT = [sys.executable, "-m", "qtcli"]
CASES = [
    ("qt --version", ["--version"]),
    ("qt regimes --format json", ["regimes", "--format", "json"]),
    ("qt simulate --months 12", ["simulate", "--months", "12"]),
]
SCALE = (
    ["simulate", "--months", "12", "--format", "json"],
    ["simulate", "--months", "600", "--format", "json"],
)
STARTUP_TARGET = 1.3
SCALE_TARGET = 1.2


def wall(cmd: list[str]) -> float:
    env = dict(os.environ, COLUMNS="100", NO_COLOR="1")
    # Measure what a user feels after the first run: with bytecode cached, as Python does by
    # default (some sandboxes set PYTHONDONTWRITEBYTECODE, which would recompile every run).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    start = time.perf_counter()
    subprocess.run(
        cmd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=True,
        env=env,
        cwd=HERE.parent,
    )
    return time.perf_counter() - start


def median_pair(a: list[str], b: list[str], runs: int) -> tuple[float, float]:
    wall(a), wall(b)  # warm the page cache and .pyc files
    ta, tb = [], []
    for _ in range(runs):
        ta.append(wall(a))
        tb.append(wall(b))
    return statistics.median(ta), statistics.median(tb)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    failed = False
    print(f"{'command':34} {'qt ms':>8} {'floor ms':>9} {'ratio':>6}")
    for label, argv in CASES:
        qt, floor = median_pair(QT + argv, FLOOR, args.runs)
        ratio = qt / floor
        failed |= ratio > STARTUP_TARGET
        print(f"{label:34} {qt * 1000:8.0f} {floor * 1000:9.0f} {ratio:6.2f}")
    small, big = median_pair(QT + SCALE[0], QT + SCALE[1], args.runs)
    ratio = big / small
    failed |= ratio > SCALE_TARGET
    label = "simulate 600 vs 12 months (json)"
    print(f"{label:34} {big * 1000:8.0f} {small * 1000:9.0f} {ratio:6.2f}")
    print(
        f"targets: startup ratio <= {STARTUP_TARGET}, 600/12 months <= {SCALE_TARGET}: "
        + ("MISSED" if failed else "met")
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
