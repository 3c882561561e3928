"""SOURCES.md: every source the data files and texts rely on, and the snapshot's provenance.

A user of the published package has only what the repository ships, so the provenance is
checked against the shipped files themselves: every URL in policies.yaml, events.yaml and the
explain texts is listed, and the snapshot table matches the CSVs in qtcli/data.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
SOURCES = REPO / "SOURCES.md"
SERIES = ("WALCL", "TREAST", "WSHOMCB", "WRESBAL", "RRPONTSYD")


def _urls() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    policies = yaml.safe_load((REPO / "policies.yaml").read_text("utf-8"))
    found["policies.yaml"] = {u for r in policies["regimes"] for u in r["sources"]}
    events = yaml.safe_load((REPO / "events.yaml").read_text("utf-8"))
    found["events.yaml"] = {u for e in events["events"] for u in e["sources"]}
    for lang in ("en", "zh-TW"):
        book = yaml.safe_load((REPO / "qtcli" / "explain" / f"{lang}.yaml").read_text("utf-8"))
        found[f"explain/{lang}.yaml"] = {
            s["url"] for topic in book["topics"].values() for s in topic["sources"]
        }
    return found


def test_every_source_used_is_listed():
    listed = set(re.findall(r"<(https?://[^>]+)>", SOURCES.read_text("utf-8")))
    for where, urls in _urls().items():
        assert len(urls) > 5, where
        assert sorted(urls - listed) == [], where


@pytest.mark.parametrize("series", SERIES)
def test_the_snapshot_table_matches_the_shipped_data(series):
    with open(REPO / "qtcli" / "data" / f"{series}.csv", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["observation_date", series]
    first, last, count = rows[1][0], rows[-1][0], len(rows) - 1
    line = next(x for x in SOURCES.read_text("utf-8").splitlines() if x.startswith(f"| [{series}]"))
    cells = [c.strip() for c in line.strip("|").split("|")]
    assert cells[-3:] == [first, last, str(count)], series
    assert f"https://fred.stlouisfed.org/series/{series}" in line


def test_the_repository_commits_of_the_snapshot_are_named():
    text = SOURCES.read_text("utf-8")
    for commit in (
        "f024ceeb29ecc05e112bc938e7fbaf16bccc6a0a",
        "8d636dd589646aa850fbf7f75bcafa51542aab4f",
        "59ba2f225129780f53ee73fee6249295b3bc2a5d",
    ):
        assert commit in text


def test_sources_md_ships_inside_the_package():
    shipped = REPO / "qtcli" / "SOURCES.md"
    assert shipped.read_text("utf-8") == SOURCES.read_text("utf-8")


@pytest.mark.parametrize("lang, words", [("en", "how it was checked"), ("zh-TW", "查核方式")])
def test_data_status_points_at_sources_md(invoke, tmp_path, lang, words):
    env = {"QT_DATA_DIR": str(tmp_path / "cache"), "COLUMNS": "300"}
    table = invoke(["data", "status", "--lang", lang], env=env)
    assert table.exit_code == 0, table.stderr
    flat = "".join(x.strip() for x in table.stdout.splitlines())  # the caption may wrap
    assert words in flat and "SOURCES.md" in flat.split(words, 1)[1]
    doc = json.loads(invoke(["data", "status", "--format", "json"], env=env).stdout)
    assert Path(doc["provenance"]).read_text("utf-8") == SOURCES.read_text("utf-8")


def test_no_file_names_a_path_outside_the_repository():
    """The workspace's shared folder may be named only by tests that skip without it."""
    needle = "../" + "shared"
    offenders = []
    for path in sorted(REPO.rglob("*")):
        parts = path.relative_to(REPO).parts
        if not path.is_file() or parts[0].startswith(".") or "__pycache__" in parts:
            continue
        if path.suffix not in (".py", ".md", ".yaml", ".toml", ".csv", ".txt", "") or path.is_symlink():
            continue
        text = path.read_text("utf-8", errors="replace")
        if needle in text and not (parts[0] == "tests" and "skip" in text):
            offenders.append(str(path.relative_to(REPO)))
    assert offenders == []
