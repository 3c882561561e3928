"""`qt data update` is all or nothing: a kill at any moment leaves the whole old set or the new.

The downloads come from the loopback FRED server of test_datastore.py (127.0.0.1 only). The
old code replaced the cached files one by one: killed at its second replacement it left
WALCL new and the other series old. Here the update is killed for real (SIGKILL) while it
waits for its second series, and, in-process, stopped at every rename it makes.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

import test_datastore as ds  # noqa: E402  (the local FRED server)

from qtcli import series as store  # noqa: E402
from qtcli.errors import DataError  # noqa: E402

no_internet = ds.no_internet  # pytest finds fixtures by module attribute
SERIES = ds.SERIES
SHIPPED = Path(__file__).resolve().parent.parent / "qtcli" / "data"


def bodies(newer_rows: int | None) -> dict[str, bytes]:
    """The shipped snapshot plus the first ``newer_rows`` later rows of the recorded download."""
    out = {}
    for series in SERIES:
        base = (SHIPPED / f"{series}.csv").read_bytes()
        last = base.rstrip(b"\n").rsplit(b"\n", 1)[1].split(b",")[0]
        newer = [line for line in ds.served(series).splitlines(True)[1:] if line[:10] > last]
        out[series] = base + b"".join(newer[:newer_rows])
    return out


def tree_hash(cache: Path) -> str:
    """What readers can see: every path and byte under the cache dir, staging dirs aside."""
    digest = hashlib.sha256()
    for path in sorted(cache.rglob("*")):
        relative = path.relative_to(cache)
        if relative.parts[0].startswith(store.cache.STAGING_PREFIX):
            continue
        digest.update(str(relative).encode() + b"\0")
        digest.update(b"/" if path.is_dir() else path.read_bytes())
    return digest.hexdigest()


def staging_dirs(cache: Path) -> list[Path]:
    return sorted(cache.glob(store.cache.STAGING_PREFIX + "*"))


def qt(args: list[str], cache: Path, **kwargs) -> subprocess.Popen:  # type: ignore[no-untyped-def]
    env = {k: v for k, v in os.environ.items() if k not in ("XDG_CACHE_HOME", "QT_FRED_URL")}
    env.update(QT_DATA_DIR=str(cache), QT_NO_CACHE="1")
    return subprocess.Popen(
        [sys.executable, "-m", "qtcli", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        **kwargs,
    )


def wait_for(condition, seconds: float = 20.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.02)


def stall(handler, body, stop) -> None:  # type: ignore[no-untyped-def]
    """Accept the request and answer nothing until the server closes (at most 60 s)."""
    stop.wait(60)


@pytest.fixture
def server():
    srv = ds.FredServer()
    yield srv
    srv.close()


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    """A cache dir that already holds one successful update: the old set."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("QT_DATA_DIR", str(cache))
    monkeypatch.delenv("QT_FRED_URL", raising=False)
    return cache


def prime(server, cache: Path) -> str:  # type: ignore[no-untyped-def]
    server.bodies = bodies(1)
    store.update(server.base, timeout=10)
    server.bodies = bodies(None)
    return tree_hash(cache)


def test_kill_9_mid_update_leaves_the_cache_then_all_series_move_together(server, cache):
    before = prime(server, cache)
    old = store.data_dir()
    server.faults["TREAST"] = stall  # the 2nd series: WALCL is staged by then
    args = ["data", "update", "--base-url", server.base, "--timeout", "60"]
    with qt(args, cache) as proc:
        wait_for(lambda: any("id=TREAST" in r for r in server.requests))
        wait_for(lambda: any((d / "WALCL.csv").exists() for d in staging_dirs(cache)))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=20)
    assert proc.returncode == -signal.SIGKILL
    assert tree_hash(cache) == before  # the set in use, byte for byte
    [left] = staging_dirs(cache)  # what the killed run had staged: WALCL only
    assert sorted(p.name for p in left.iterdir()) == ["WALCL.csv"]

    del server.faults["TREAST"]
    with qt([*args, "--format", "json"], cache) as proc:
        out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert staging_dirs(cache) == []  # the stale staging dir is gone
    assert not old.exists()  # and so is the old generation
    (generation,) = {Path(u["path"]).parent for u in json.loads(out)["updated"]}
    assert (cache / "current").read_text() == generation.name + "\n"
    manifest = json.loads((generation / "manifest.json").read_text())
    assert sorted(manifest["series"]) == sorted(SERIES)
    assert len({entry["fetched"] for entry in manifest["series"].values()}) == 1
    for series in SERIES:
        rows = store.parse_csv((generation / f"{series}.csv").read_text(), series, "x")
        assert rows == store.parse_csv(server.bodies[series].decode(), series, "y")
        assert rows[-1][0] == ds.SERVED_END[series]


def test_a_stop_at_any_rename_shows_readers_the_old_set_or_the_new(server, cache, monkeypatch):
    """The old update was a mix after its second os.replace; now every step shows one set."""
    prime(server, cache)
    root = store.cache_dir()

    def view() -> dict[str, bytes | None]:
        in_use = store.cache._generation(root) or root  # a fresh reader
        return {s: (in_use / f"{s}.csv").read_bytes() if (in_use / f"{s}.csv").exists() else None
                for s in SERIES}  # fmt: skip

    old_view = view()
    seen = []
    for name in ("rename", "replace"):
        real = getattr(os, name)

        def spy(src, dst, *args, _real=real, **kwargs):  # type: ignore[no-untyped-def]
            seen.append(view())
            _real(src, dst, *args, **kwargs)
            seen.append(view())

        monkeypatch.setattr(os, name, spy)
    store.update(server.base, timeout=10)
    monkeypatch.undo()
    new_view = view()
    assert new_view != old_view
    assert len(seen) >= 4  # the staging dir's rename and the switch, at least
    assert all(state in (old_view, new_view) for state in seen)
    assert seen[-1] == new_view


def test_a_second_update_fails_at_once_with_one_line(server, cache):
    prime(server, cache)
    server.faults["WALCL"] = stall
    args = ["data", "update", "--base-url", server.base, "--timeout", "60"]
    with qt(args, cache) as first:
        wait_for(lambda: any((d.is_dir()) for d in staging_dirs(cache)))
        start = time.monotonic()
        with qt(args, cache) as second:
            out, err = second.communicate(timeout=30)
        assert time.monotonic() - start < 10  # it did not wait for the first
        assert second.returncode == 1 and out == ""
        assert err == (
            f"qt: error: {cache / 'update.lock'}: another 'qt data update' is running on this "
            "cache; try again when it ends\n"
        )
        first.send_signal(signal.SIGINT)  # Ctrl-C: one line, exit 130, staging removed
        _, first_err = first.communicate(timeout=30)
    assert first.returncode == 130 and first_err == "qt: error: interrupted\n"
    assert staging_dirs(cache) == []


def test_a_failed_first_update_leaves_no_cache_dir(server, cache):
    server.faults["WSHOMCB"] = ds.http_status(500)
    with pytest.raises(DataError):
        store.update(server.base, timeout=10)
    assert not cache.exists()


def test_the_next_update_deletes_what_a_killed_one_left(server, cache):
    prime(server, cache)
    (cache / ".staging-killed").mkdir()
    (cache / ".staging-killed" / "WALCL.csv").write_text("half")
    (cache / "gen-renamed-but-never-switched").mkdir()  # killed between rename and switch
    (cache / "WALCL.csv").write_text("from before generations")  # killed before removing it
    store.update(server.base, timeout=10)
    generation = store.data_dir()
    assert sorted(p.name for p in cache.iterdir()) == sorted(
        ["current", "update.lock", generation.name]
    )


def test_a_cache_from_before_generations_is_read_then_replaced(server, cache):
    cache.mkdir()
    for series, body in bodies(1).items():
        (cache / f"{series}.csv").write_bytes(body)
    assert store.series_path("WALCL") == cache / "WALCL.csv"
    server.bodies = bodies(None)
    store.update(server.base, timeout=10)
    generation = store.data_dir()
    assert store.series_path("WALCL") == generation / "WALCL.csv"
    assert sorted(p.name for p in cache.iterdir()) == sorted(
        ["current", "update.lock", generation.name]
    )
