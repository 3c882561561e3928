"""Startup benchmark: whole-process wall time of every qt command against a floor app.

The floor app (bench/floor_app.py) is the least any Typer + Rich + PyYAML CLI does: parse one
integer option, load a ten-line YAML string, print a 12-row rich table. Each qt command runs
interleaved with the floor, in one run, and the medians and their ratio are printed twice:

* warm: qt's parse cache (policies, events, H.4.1 series) is filled, as after a first run;
* cold: every run starts from an empty parse cache, so qt parses YAML and CSV from scratch.

Targets: every command <= 0.7x the floor warm and <= 1.3x cold; `simulate --months 600`
<= 1.2x `--months 12`; `backtest --calibrate` <= 2x the floor (warm). The exit code is 1 when a
target is missed, and the line says which.

The environment is pinned (COLUMNS, NO_COLOR, QT_TODAY, an empty data cache, private parse
caches), so the user's own caches are never read or written.

Run:  uv run python bench/startup.py [--runs N] [--only TEXT]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
FLOOR = [sys.executable, str(HERE / "floor_app.py"), "--months", "12"]
QT = [sys.executable, "-m", "qtcli"]
COMMANDS = [
    ("--version", ["--version"]),
    ("regimes", ["regimes"]),
    ("simulate", ["simulate", "--months", "12"]),
    ("simulate --format json", ["simulate", "--months", "12", "--format", "json"]),
    ("simulate --format csv", ["simulate", "--months", "12", "--format", "csv"]),
    ("history", ["history"]),
    ("explain", ["explain"]),
    ("explain --lang zh-TW", ["explain", "--lang", "zh-TW"]),
    ("backtest qt2", ["backtest", "qt2"]),
    ("balance", ["balance"]),
    ("compare", ["compare", "--regime qt2-2022-09", "--regime qt2-2025-04", "--months", "24"]),
]
SCALE = (
    ["simulate", "--months", "12", "--format", "json"],
    ["simulate", "--months", "600", "--format", "json"],
)
CALIBRATE = ["backtest", "--calibrate", "--from", "2023-01", "--to", "2025-11"]
WARM_TARGET, COLD_TARGET, SCALE_TARGET, CALIBRATE_TARGET = 0.7, 1.3, 1.2, 2.0


class Runner:
    def __init__(self, scratch: Path) -> None:
        self.scratch = scratch
        self.warm = scratch / "warm-cache"
        self.env = dict(os.environ, COLUMNS="100", NO_COLOR="1", QT_TODAY="2026-12-06")
        self.env["QT_DATA_DIR"] = str(scratch / "no-data-cache")  # the shipped snapshot
        for name in ("QT_NO_CACHE", "QT_POLICIES", "QT_EVENTS", "LANG", "LC_ALL"):
            self.env.pop(name, None)
        # What a user feels after the first run: with bytecode cached, as Python does by
        # default (some sandboxes set PYTHONDONTWRITEBYTECODE, which recompiles every run).
        self.env.pop("PYTHONDONTWRITEBYTECODE", None)

    def wall(self, cmd: list[str], cold: bool = False) -> float:
        cache = self.warm
        if cold:
            cache = Path(tempfile.mkdtemp(dir=self.scratch))
        env = dict(self.env, QT_CACHE_DIR=str(cache))
        start = time.perf_counter()
        subprocess.run(
            cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, env=env,
            cwd=HERE.parent,
        )  # fmt: skip
        elapsed = time.perf_counter() - start
        if cold:
            shutil.rmtree(cache)
        return elapsed

    def pair(self, a: list[str], b: list[str], runs: int, cold: bool = False) -> tuple[float, ...]:
        """Medians of ``a`` (qt, cold or warm) and ``b`` (warm), interleaved."""
        self.wall(a), self.wall(b)  # fill the page cache, the .pyc files and the warm cache
        ta, tb = [], []
        for _ in range(runs):
            ta.append(self.wall(a, cold))
            tb.append(self.wall(b))
        return statistics.median(ta), statistics.median(tb)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--only", default="", help="only the commands whose label has this")
    args = parser.parse_args()
    missed: list[str] = []
    with tempfile.TemporaryDirectory() as scratch:
        r = Runner(Path(scratch))
        print(f"{'qt command':26} {'warm ms':>8} {'cold ms':>8} {'floor ms':>9} "
              f"{'warm':>6} {'cold':>6}")  # fmt: skip
        for label, argv in COMMANDS:
            if args.only not in label:
                continue
            warm, floor_w = r.pair(QT + argv, FLOOR, args.runs)
            cold, floor_c = r.pair(QT + argv, FLOOR, args.runs, cold=True)
            floor = statistics.median([floor_w, floor_c])
            wr, cr = warm / floor_w, cold / floor_c
            flag = ""
            if wr > WARM_TARGET:
                missed.append(f"{label} warm {wr:.2f}")
                flag += " warm>0.7"
            if cr > COLD_TARGET:
                missed.append(f"{label} cold {cr:.2f}")
                flag += " cold>1.3"
            print(f"{label:26} {warm * 1000:8.0f} {cold * 1000:8.0f} {floor * 1000:9.0f} "
                  f"{wr:6.2f} {cr:6.2f}{flag}")  # fmt: skip
        if not args.only:
            small, big = r.pair(QT + SCALE[0], QT + SCALE[1], args.runs)
            ratio = big / small
            if ratio > SCALE_TARGET:
                missed.append(f"600 vs 12 months {ratio:.2f}")
            print(f"simulate --months 600 vs 12 (json, warm): {big * 1000:.0f} ms vs "
                  f"{small * 1000:.0f} ms = {ratio:.2f} (target <= {SCALE_TARGET})")
            fit, floor = r.pair(QT + CALIBRATE, FLOOR, args.runs)
            ratio = fit / floor
            if ratio > CALIBRATE_TARGET:
                missed.append(f"calibrate {ratio:.2f}")
            print(f"backtest --calibrate (warm): {fit * 1000:.0f} ms vs floor "
                  f"{floor * 1000:.0f} ms = {ratio:.2f} (target <= {CALIBRATE_TARGET})")
    print(
        f"targets: warm <= {WARM_TARGET}, cold <= {COLD_TARGET}: "
        + ("MISSED: " + "; ".join(missed) if missed else "all met")
    )
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
