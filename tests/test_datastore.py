"""qtcli.series: picking the copy, parsing FRED CSVs, and `update` against a local server.

Every download goes to an http.server on 127.0.0.1 started here; the autouse
``no_internet`` fixture makes any other connection attempt fail the test.
"""

from __future__ import annotations

import datetime as dt
import json
import socket
import subprocess
import sys
import threading
import time
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import qtcli
from qtcli import series as store
from qtcli.errors import DataError, UsageError

FIXTURES = Path(__file__).parent / "fixtures" / "fred"
SERIES = store.SERIES
REPO = Path(__file__).resolve().parent.parent
# The last observation the test server serves: weekly and daily series end on 2026-07-08,
# quarterly GDP with the 2026-07-01 quarter.
SERVED_END = {s: dt.date(2026, 7, 1) if s == "GDP" else dt.date(2026, 7, 8) for s in SERIES}


# --------------------------------------------------------------------------- helpers


def served(series: str) -> bytes:
    """The recorded download for ``series`` (fixture snapshot + 3 weeks, to 2026-07-08)."""
    return (FIXTURES / f"{series}.csv").read_bytes()


def fixture_snapshot(series: str) -> bytes:
    return (FIXTURES / f"snapshot-{series}.csv").read_bytes()


def first_lines(data: bytes, rows: int) -> bytes:
    """Header plus the first ``rows`` data rows."""
    return b"".join(data.splitlines(keepends=True)[: rows + 1])


def one_week_more(series: str) -> bytes:
    """The fixture snapshot plus one more period: an older cache than `served`."""
    # weekly: one Wednesday; RRP: 2026-06-24 .. 2026-06-30; GDP: the 2026-04-01 quarter
    extra = 1 if series in store.WEEKLY or series == "GDP" else 5
    return first_lines(served(series), fixture_snapshot(series).count(b"\n") - 1 + extra)


def dir_state(path: Path) -> dict[str, bytes] | None:
    """Everything under ``path`` (hidden too): files with their bytes, directories as b"/".

    None if the dir is absent.
    """
    if not path.exists():
        return None
    return {
        str(p.relative_to(path)): b"/" if p.is_dir() else p.read_bytes()
        for p in sorted(path.rglob("*"))
    }


def cache_files(cache: Path) -> Path:
    """The generation in use (see qtcli.series.cache), after checking the cache dir holds only it."""
    generation = store.data_dir()
    assert generation.parent == cache
    assert (cache / "current").read_text() == generation.name + "\n"
    assert sorted(p.name for p in cache.iterdir()) == sorted(["current", "update.lock", generation.name])
    assert sorted(p.name for p in generation.iterdir()) == sorted(
        [f"{s}.csv" for s in SERIES] + ["manifest.json"]
    )
    return generation


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class FredServer:
    """A FRED look-alike on 127.0.0.1: serves ``bodies[id]`` or runs ``faults[id]``."""

    def __init__(self) -> None:
        self.bodies: dict[str, bytes] = {s: served(s) for s in SERIES}
        self.faults: dict[str, object] = {}
        self.requests: list[str] = []
        self.stop = threading.Event()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # keep pytest output clean
                pass

            def do_GET(self):
                owner.requests.append(self.path)
                parts = urlsplit(self.path)
                series = parse_qs(parts.query).get("id", [""])[0]
                if parts.path != "/graph/fredgraph.csv" or series not in owner.bodies:
                    self.send_error(404)
                    return
                fault = owner.faults.get(series)
                if fault is not None:
                    fault(self, owner.bodies[series], owner.stop)
                else:
                    send(self, owner.bodies[series])

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request, client_address):  # client hung up: fine
                pass

        self.httpd = Server(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def url(self, series: str) -> str:
        return f"{self.base}/graph/fredgraph.csv?id={series}"

    def close(self) -> None:
        self.stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()


def send(handler, body: bytes, *, ctype: str = "text/csv", length: int | None = None) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", ctype)
    handler.send_header("Content-Length", str(len(body) if length is None else length))
    handler.end_headers()
    handler.wfile.write(body)


def http_status(code: int):
    def fault(handler, body, stop):
        handler.send_error(code)

    return fault


def sleep_then_send(seconds: float):
    def fault(handler, body, stop):
        stop.wait(seconds)
        send(handler, body)

    return fault


def trickle(pieces: int, pause: float):
    def fault(handler, body, stop):
        handler.send_response(200)
        handler.send_header("Content-Type", "text/csv")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        step = len(body) // pieces + 1
        for start in range(0, len(body), step):
            if stop.wait(pause):
                return
            handler.wfile.write(body[start : start + step])
            handler.wfile.flush()

    return fault


def short_body(missing: int):
    """Promise the full Content-Length, send all but ``missing`` bytes, hang up."""

    def fault(handler, body, stop):
        send(handler, body[:-missing], length=len(body))
        handler.close_connection = True

    return fault


def chunked_cut(handler, body, stop):
    """Chunked encoding, one chunk announced bigger than what arrives, then hang up."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/csv")
    handler.send_header("Transfer-Encoding", "chunked")
    handler.end_headers()
    handler.wfile.write(b"%x\r\n" % len(body) + body[: len(body) // 2])
    handler.close_connection = True


def html_page(ctype: str):
    def fault(handler, body, stop):
        page = (
            b"<!DOCTYPE html>\n<html><head><title>FRED</title></head>"
            b"<body>Series not found</body></html>\n"
        )
        send(handler, page, ctype=ctype)

    return fault


def replace_line(data: bytes, index: int, new: bytes) -> bytes:
    lines = data.splitlines(keepends=True)
    lines[index] = new
    return b"".join(lines)


def drop_rows(data: bytes, start: int, count: int) -> bytes:
    lines = data.splitlines(keepends=True)
    return b"".join(lines[:start] + lines[start + count :])


def scaled(factor: int):
    return lambda value: str(Decimal(value.decode()) * factor).encode()


def map_values(data: bytes, func) -> bytes:
    lines = data.splitlines(keepends=True)
    out = [lines[0]]
    for line in lines[1:]:
        date, value = line.rstrip(b"\n").split(b",")
        out.append(date + b"," + (value if value == b"." else func(value)) + b"\n")
    return b"".join(out)


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(autouse=True)
def no_internet(monkeypatch):
    """Fail any connection that is not to 127.0.0.1."""
    real_connect = socket.socket.connect

    def guarded(self, address):
        host = address[0] if isinstance(address, tuple) else address
        if host not in ("127.0.0.1", "localhost"):
            raise AssertionError(f"test tried to reach {address!r}")
        return real_connect(self, address)

    real_getaddrinfo = socket.getaddrinfo

    def resolve(host, *args, **kwargs):
        if host not in ("127.0.0.1", "localhost"):
            raise AssertionError(f"test tried to resolve {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", guarded)
    monkeypatch.setattr(socket, "getaddrinfo", resolve)


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    """A private cache dir, the small fixture snapshot, and no mirror from the environment."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("QT_DATA_DIR", str(cache))
    monkeypatch.delenv("QT_FRED_URL", raising=False)
    view = tmp_path / "snapshot"
    view.mkdir()
    for series in SERIES:
        (view / f"{series}.csv").write_bytes(fixture_snapshot(series))
    monkeypatch.setattr(store.cache, "SNAPSHOT_DIR", view)
    return cache


@pytest.fixture
def cache(isolated) -> Path:
    return isolated


@pytest.fixture
def server():
    srv = FredServer()
    yield srv
    srv.close()


@pytest.fixture
def primed(server, cache) -> FredServer:
    """A cache holding an earlier successful update (snapshot + one week) that is in use."""
    server.bodies = {s: one_week_more(s) for s in SERIES}
    store.update(server.base, timeout=5)
    assert all(store.series_path(s).parent == cache_files(cache) for s in SERIES)
    server.bodies = {s: served(s) for s in SERIES}
    return server


# --------------------------------------------------------------------------- shipped snapshot


def test_shipped_snapshot_parses(monkeypatch, tmp_path):
    monkeypatch.setattr(store.cache, "SNAPSHOT_DIR", Path(qtcli.__file__).parent / "data")
    for series in SERIES:
        rows = store.load_series(series)
        assert len(rows) > (260 if series == "GDP" else 1000)  # GDP: quarterly since 1959
        assert all(isinstance(v, Decimal) or v is None for _, v in rows)
        assert store.series_path(series) == Path(qtcli.__file__).parent / "data" / f"{series}.csv"
    walcl = dict(store.load_series("WALCL"))
    assert walcl[dt.date(2026, 6, 17)] == Decimal("6736424")  # in the snapshot qt first shipped
    assert dict(store.load_series("GDP"))[dt.date(2026, 1, 1)] == Decimal("31865.721")


def test_import_is_cheap():
    """The startup path: importing qtcli.series loads no network, JSON or UI module."""
    heavy = ("http", "urllib.request", "json", "rich", "typer")
    code = (
        "import sys, qtcli.series\n"
        f"print(sorted(m for m in sys.modules if m.startswith({heavy!r})))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


# --------------------------------------------------------------------------- cache dir


def test_cache_dir_precedence(monkeypatch, tmp_path):
    monkeypatch.setenv("QT_DATA_DIR", str(tmp_path / "explicit"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert store.cache_dir() == tmp_path / "explicit"
    monkeypatch.delenv("QT_DATA_DIR")
    assert store.cache_dir() == tmp_path / "xdg" / "qt"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/is/ignored")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert store.cache_dir() == tmp_path / "home" / ".cache" / "qt"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert store.cache_dir() == tmp_path / "home" / ".cache" / "qt"


# --------------------------------------------------------------------------- picking the copy


def put_cache(cache: Path, series: str, data: bytes) -> Path:
    cache.mkdir(parents=True, exist_ok=True)
    path = cache / f"{series}.csv"
    path.write_bytes(data)
    return path


def test_no_cache_uses_snapshot(cache):
    assert store.series_path("WALCL") == store.cache.SNAPSHOT_DIR / "WALCL.csv"
    assert store.load_series("WALCL")[-1][0] == dt.date(2026, 6, 17)


def test_newer_cache_wins(cache):
    put_cache(cache, "WALCL", served("WALCL"))
    assert store.series_path("WALCL") == cache / "WALCL.csv"
    assert store.load_series("WALCL")[-1] == (dt.date(2026, 7, 8), Decimal("6744519"))


def test_tie_goes_to_snapshot(cache):
    same_end = fixture_snapshot("WALCL").replace(b"6736424", b"6736425")
    put_cache(cache, "WALCL", same_end)
    assert store.series_path("WALCL") == store.cache.SNAPSHOT_DIR / "WALCL.csv"
    assert store.load_series("WALCL")[-1][1] == Decimal("6736424")


def test_older_cache_loses(cache):
    put_cache(cache, "WALCL", first_lines(served("WALCL"), 5))
    assert store.series_path("WALCL").parent == store.cache.SNAPSHOT_DIR
    [status] = store.status(["WALCL"])
    assert status.in_use == "snapshot" and status.cache.problem is None


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda d: d + b"garbage\n", id="garbage-last-line"),
        pytest.param(lambda d: b"", id="empty"),
        pytest.param(lambda d: b"\x00\xff" * 50, id="binary"),
        pytest.param(lambda d: replace_line(d, 3, b"2025-12-10,oops\n"), id="bad-value-mid-file"),
        pytest.param(lambda d: replace_line(d, 0, b"observation_date,TREAST\n"), id="wrong-header"),
        pytest.param(lambda d: d.replace(b"6744519", b"6744519000000"), id="dollars"),
    ],
)
def test_corrupt_cache_falls_back_to_snapshot(cache, damage):
    put_cache(cache, "WALCL", damage(served("WALCL")))
    rows = store.load_series("WALCL")
    assert rows == store.parse_csv(fixture_snapshot("WALCL").decode(), "WALCL", "snapshot")
    [status] = store.status(["WALCL"])
    assert status.in_use == "snapshot"
    assert status.cache.present and status.cache.problem
    assert "\n" not in status.cache.problem
    assert str(cache / "WALCL.csv") in status.cache.problem


def test_cache_without_final_newline_is_still_good(cache):
    put_cache(cache, "WALCL", served("WALCL")[:-1])
    assert store.series_path("WALCL") == cache / "WALCL.csv"
    assert store.load_series("WALCL")[-1][0] == dt.date(2026, 7, 8)


def test_corrupt_cache_reported_and_path_named(cache):
    put_cache(cache, "TREAST", replace_line(served("TREAST"), 4, b"2025-12-17,12x\n"))
    [status] = store.status(["TREAST"])
    assert status.cache.problem.startswith(f"{cache / 'TREAST.csv'}:5: TREAST:")


def test_load_series_is_memoised_but_sees_new_files(cache):
    path = put_cache(cache, "WALCL", one_week_more("WALCL"))
    assert store.load_series("WALCL")[-1][0] == dt.date(2026, 6, 24)
    path.write_bytes(served("WALCL"))
    assert store.load_series("WALCL")[-1][0] == dt.date(2026, 7, 8)


def test_broken_snapshot_is_loud(cache):
    (store.cache.SNAPSHOT_DIR / "WALCL.csv").write_bytes(b"nonsense\n")
    with pytest.raises(DataError, match="WALCL"):
        store.load_series("WALCL")
    [status] = store.status(["WALCL"])
    assert status.in_use is None and status.snapshot.problem


def test_unknown_series(cache):
    with pytest.raises(UsageError):
        store.load_series("WXYZ")


# --------------------------------------------------------------------------- parsing


def parse(text: str, series: str = "WALCL"):
    return store.parse_csv(text, series, "f.csv")


def test_missing_values_are_none_not_zero():
    rows = parse(
        "observation_date,RRPONTSYD\n2026-07-02,5\n2026-07-03,.\n2026-07-06,\n2026-07-07,0\n",
        "RRPONTSYD",
    )
    assert [v for _, v in rows] == [Decimal(5), None, None, Decimal(0)]


def test_old_date_header_and_crlf_accepted():
    rows = parse("DATE,WALCL\r\n2026-06-17,6736424\r\n")
    assert rows == [(dt.date(2026, 6, 17), Decimal("6736424"))]


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("", None, "empty"),
        ("observation_date,TREAST\n2026-06-17,1\n", 1, "expected header"),
        ("<html>\n", 1, "expected header"),
        ("observation_date,WALCL\n2026-06-17\n", 2, "expected 'date,value'"),
        ("observation_date,WALCL\n2026-06-17,1,2\n", 2, "expected 'date,value'"),
        ("observation_date,WALCL\n2026-02-30,6736424\n", 2, "invalid date"),
        ("observation_date,WALCL\n20260617,6736424\n", 2, "invalid date"),
        ("observation_date,WALCL\n2026-06-17,6736424\n2026-06-10,6736424\n", 3, "out of order"),
        ("observation_date,WALCL\n2026-06-17,6736424\n2026-06-17,6736424\n", 3, "out of order"),
        ("observation_date,WALCL\n2026-06-18,6736424\n", 2, "expected a Wednesday"),
        ("observation_date,WALCL\n2026-06-17,NaN\n", 2, "not a number"),
        ("observation_date,WALCL\n2026-06-17,1e6\n", 2, "not a number"),
        ("observation_date,WALCL\n2026-06-17, 6736424\n", 2, "not a number"),
        ("observation_date,WALCL\n2026-06-17,6736.424\n", 2, "implausible"),
        ("observation_date,WALCL\n2026-06-17,6736424000000\n", 2, "implausible"),
        ("observation_date,WALCL\n2026-06-17,-5\n", 2, "implausible"),
        ("observation_date,RRPONTSYD\n2026-06-17,6828000\n", 2, "implausible"),
        ("observation_date,WALCL\n2026-06-17,6736424\n\n", 3, "expected 'date,value'"),
        ("observation_date,WALCL\n", None, "no observations"),
    ],
)
def test_parse_rejects(text, line, fragment):
    series = "RRPONTSYD" if "RRPONTSYD" in text else "WALCL"
    with pytest.raises(DataError) as info:
        parse(text, series)
    err = info.value
    assert fragment in err.message and err.message.startswith(f"{series}:")
    assert err.path == "f.csv" and err.line == line
    assert "\n" not in str(err)


rows_strategy = st.lists(
    st.tuples(
        st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 12, 31)),
        st.one_of(st.none(), st.decimals(min_value=0, max_value=10_000, places=3, allow_nan=False)),
    ),
    min_size=1,
    max_size=40,
    unique_by=lambda r: r[0],
).map(sorted)


@given(rows_strategy)
@settings(max_examples=100, deadline=None)
def test_serialize_parse_roundtrip(rows):
    text = store.serialize("RRPONTSYD", rows)
    assert store.parse_csv(text, "RRPONTSYD", "x") == rows


# --------------------------------------------------------------------------- alignment


def test_align_rrp_to_wednesdays():
    d = dt.date
    daily = [
        (d(2026, 6, 8), Decimal("1")),  # Monday of the week ending 06-10
        (d(2026, 6, 10), Decimal("2")),  # the Wednesday itself
        (d(2026, 6, 11), Decimal("3")),  # Thursday: belongs to the week ending 06-17
        (d(2026, 6, 16), None),  # missing: skipped
        (d(2026, 7, 3), None),  # the week ending 07-08 has only a missing value
    ]
    weeks = [d(2026, 6, 3), d(2026, 6, 10), d(2026, 6, 17), d(2026, 6, 24), d(2026, 7, 8)]
    assert store.align_to_weeks(daily, weeks) == [
        (d(2026, 6, 3), None),
        (d(2026, 6, 10), Decimal("2")),
        (d(2026, 6, 17), Decimal("3")),
        (d(2026, 6, 24), None),  # no carry-over of 06-11's value across a whole week
        (d(2026, 7, 8), None),
    ]


@given(
    rows_strategy,
    st.lists(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 12, 31)), max_size=20),
)
@settings(max_examples=100, deadline=None)
def test_align_picks_last_present_value_in_the_week(daily, weeks):
    aligned = store.align_to_weeks(daily, weeks)
    assert [w for w, _ in aligned] == weeks
    for week, value in aligned:
        window = [
            v for day, v in daily if week - dt.timedelta(days=7) < day <= week and v is not None
        ]
        assert value == (window[-1] if window else None)


def test_align_fixture_rrp_to_walcl_weeks(cache):
    put_cache(cache, "RRPONTSYD", served("RRPONTSYD"))
    put_cache(cache, "WALCL", served("WALCL"))
    weeks = [date for date, _ in store.load_series("WALCL")]
    aligned = store.align_to_weeks(store.load_series("RRPONTSYD"), weeks)
    assert aligned[-3:] == [
        (dt.date(2026, 6, 24), Decimal("5.112")),  # the Wednesday itself
        (dt.date(2026, 7, 1), Decimal("3.118")),
        (dt.date(2026, 7, 8), Decimal("4.118")),  # the week holds FRED's "." for 07-03
    ]
    assert aligned[0] == (dt.date(2025, 11, 26), None)  # before the fixture's first ON RRP day


# --------------------------------------------------------------------------- update: success


def test_update_success(server, cache):
    assert not cache.exists()
    results = store.update(server.base, timeout=5)
    assert [r.series for r in results] == list(SERIES)
    generation = cache_files(cache)
    for series in SERIES:
        assert (generation / f"{series}.csv").read_bytes() == served(
            series
        )  # canonical == FRED's format
        assert store.series_path(series) == generation / f"{series}.csv"
    assert store.load_series("WALCL")[-1] == (dt.date(2026, 7, 8), Decimal("6744519"))
    assert store.load_series("RRPONTSYD")[-4] == (dt.date(2026, 7, 3), None)
    for status in store.status():
        assert status.in_use == "cache"
        assert status.cache.as_of == SERVED_END[status.series]
        assert status.cache.url == server.url(status.series)
        assert status.snapshot.as_of < status.cache.as_of
    manifest = json.loads((generation / "manifest.json").read_text())
    assert manifest["series"]["WALCL"]["url"] == server.url("WALCL")
    assert sorted(server.requests) == sorted(f"/graph/fredgraph.csv?id={s}" for s in SERIES)


def test_update_replaces_an_older_cache(primed, cache):
    assert store.load_series("WALCL")[-1][0] == dt.date(2026, 6, 24)
    store.update(primed.base, timeout=5)
    assert store.load_series("WALCL")[-1][0] == dt.date(2026, 7, 8)
    cache_files(cache)  # the new generation only: the earlier one is gone


def test_update_normalises_fred_variants(server, cache):
    server.bodies["WALCL"] = b"\xef\xbb\xbf" + served("WALCL").replace(
        b"observation_date", b"DATE"
    ).replace(b"\n", b"\r\n")
    store.update(server.base, timeout=5)
    assert (cache_files(cache) / "WALCL.csv").read_bytes() == served("WALCL")


def test_update_uses_env_mirror_and_option_beats_env(server, cache, monkeypatch):
    monkeypatch.setenv("QT_FRED_URL", server.base + "/")
    store.update(timeout=5)
    assert len(server.requests) == len(SERIES)
    monkeypatch.setenv("QT_FRED_URL", f"http://127.0.0.1:{closed_port()}")
    store.update(server.base, timeout=5)
    assert len(server.requests) == 2 * len(SERIES)


@pytest.mark.parametrize(
    "bad", ["ftp://example.org", "fred.stlouisfed.org", "http://", "http://a b"]
)
def test_bad_base_url_is_usage_error(bad, cache):
    with pytest.raises(UsageError):
        store.update(bad, timeout=5)
    assert dir_state(cache) is None


def test_bad_timeout_is_usage_error(server, cache):
    with pytest.raises(UsageError):
        store.update(server.base, timeout=0)


def test_default_url():
    assert (
        store.series_url(store.base_url(), "WALCL")
        == "https://fred.stlouisfed.org/graph/fredgraph.csv?id=WALCL"
    )


# --------------------------------------------------------------------------- update: faults


def body(series, func):
    def setup(server):
        server.bodies[series] = func(served(series))

    return setup


def fault(series, func):
    def setup(server):
        server.faults[series] = func

    return setup


def today_plus(days: int) -> bytes:
    return (dt.date.today() + dt.timedelta(days=days)).isoformat().encode()


# (id, series that fails, setup(server), fragment of the message, timeout)
FAULTS = [
    ("http-404", "TREAST", fault("TREAST", http_status(404)), "HTTP 404", 5),
    ("http-500", "RRPONTSYD", fault("RRPONTSYD", http_status(500)), "HTTP 500", 5),
    (
        "timeout-before-headers",
        "WSHOMCB",
        fault("WSHOMCB", sleep_then_send(3)),
        "timed out after 0.4 s",
        0.4,
    ),
    (
        "timeout-slow-body",
        "WRESBAL",
        fault("WRESBAL", trickle(8, 0.15)),
        "timed out after 0.4 s",
        0.4,
    ),
    ("content-length-short", "RRPONTSYD", fault("RRPONTSYD", short_body(40)), "truncated", 5),
    ("chunked-cut", "WALCL", fault("WALCL", chunked_cut), "truncated", 5),
    ("cut-mid-line", "RRPONTSYD", body("RRPONTSYD", lambda d: d[:-3]), "cut off mid-row", 5),
    ("empty-body", "TREAST", body("TREAST", lambda d: b""), "empty response", 5),
    (
        "html-content-type",
        "WSHOMCB",
        fault("WSHOMCB", html_page("text/html; charset=utf-8")),
        "HTML",
        5,
    ),
    ("html-as-csv", "WALCL", fault("WALCL", html_page("text/csv")), "HTML", 5),
    (
        "wrong-header",
        "TREAST",
        body("TREAST", lambda d: d.replace(b",TREAST", b",WALCL", 1)),
        "expected header",
        5,
    ),
    (
        "not-utf8",
        "WRESBAL",
        body("WRESBAL", lambda d: d.replace(b"3012345", b"30\xff2345")),
        "UTF-8",
        5,
    ),
    (
        "non-numeric",
        "WRESBAL",
        body("WRESBAL", lambda d: d.replace(b"3012345", b"3O12345")),
        "not a number",
        5,
    ),
    (
        "nan",
        "RRPONTSYD",
        body("RRPONTSYD", lambda d: d.replace(b"4.118", b"NaN")),
        "not a number",
        5,
    ),
    (
        "dates-out-of-order",
        "WALCL",
        body(
            "WALCL",
            lambda d: d.replace(b"2026-07-01", b"2026-07-15").replace(b"2026-07-08", b"2026-07-01"),
        ),
        "out of order",
        5,
    ),
    (
        "invalid-date",
        "RRPONTSYD",
        body("RRPONTSYD", lambda d: d.replace(b"2026-07-06", b"2026-06-31")),
        "invalid date",
        5,
    ),
    (
        "future-date",
        "RRPONTSYD",
        body("RRPONTSYD", lambda d: d + today_plus(60) + b",1.5\n"),
        "in the future",
        5,
    ),
    (
        "units-dollars",
        "WALCL",
        body("WALCL", lambda d: map_values(d, lambda v: v + b"000000")),
        "implausible",
        5,
    ),
    (
        "units-billions",
        "WALCL",
        body("WALCL", lambda d: map_values(d, lambda v: b"%.3f" % (int(v) / 1000))),
        "implausible",
        5,
    ),
    (
        "units-billions-in-bounds",
        "WRESBAL",
        body("WRESBAL", lambda d: map_values(d, lambda v: b"%.3f" % (int(v) / 1000))),
        "units changed",
        5,
    ),
    (
        "units-rrp-millions",
        "RRPONTSYD",
        body("RRPONTSYD", lambda d: map_values(d, scaled(1000))),
        "implausible",
        5,
    ),
    (
        "units-rrp-dollars",
        "RRPONTSYD",
        body("RRPONTSYD", lambda d: map_values(d, scaled(10**9))),
        "implausible",
        5,
    ),
    (
        "shrink-ends-earlier",
        "WSHOMCB",
        body("WSHOMCB", lambda d: fixture_snapshot("WSHOMCB")),
        "ends 2026-06-17 instead of 2026-06-24",
        5,
    ),
    (
        "shrink-starts-later",
        "TREAST",
        body("TREAST", lambda d: replace_line(d, 1, b"")),
        "starts 2025-12-03 instead of 2025-11-26",
        5,
    ),
    (
        "shrink-fewer-rows",
        "WALCL",
        body("WALCL", lambda d: drop_rows(d, 10, 4)),
        "observations instead of",
        5,
    ),
]


def assert_one_line_error(err: DataError, series: str, url: str) -> None:
    text = str(err)
    assert "\n" not in text and series in text and url in text, text


@pytest.mark.parametrize(
    ("series", "setup", "fragment", "timeout"), [f[1:] for f in FAULTS], ids=[f[0] for f in FAULTS]
)
def test_fault_leaves_cache_untouched(primed, cache, series, setup, fragment, timeout):
    before = dir_state(cache)
    rows_before = store.load_series(series)
    setup(primed)
    started = time.monotonic()
    with pytest.raises(DataError) as info:
        store.update(primed.base, timeout=timeout)
    assert time.monotonic() - started < 4
    assert fragment in str(info.value)
    assert_one_line_error(info.value, series, primed.url(series))
    assert dir_state(cache) == before  # same names (no temp files), same bytes
    assert store.load_series(series) == rows_before


# Without a cache, serving the snapshot itself is no shrink: that one case is not a fault here.
NO_CACHE_FAULTS = [f for f in FAULTS if f[0] != "shrink-ends-earlier"]


@pytest.mark.parametrize(
    ("series", "setup", "fragment", "timeout"),
    [f[1:] for f in NO_CACHE_FAULTS],
    ids=[f[0] for f in NO_CACHE_FAULTS],
)
def test_fault_with_no_cache_creates_nothing(server, cache, series, setup, fragment, timeout):
    setup(server)
    with pytest.raises(DataError):
        store.update(server.base, timeout=timeout)
    assert dir_state(cache) is None


def test_connection_refused(primed, cache):
    before = dir_state(cache)
    base = f"http://127.0.0.1:{closed_port()}"
    with pytest.raises(DataError) as info:
        store.update(base, timeout=2)
    assert "cannot connect" in str(info.value)
    assert_one_line_error(info.value, "WALCL", f"{base}/graph/fredgraph.csv?id=WALCL")
    assert dir_state(cache) == before


def test_wrong_path_on_mirror_is_404(primed, cache):
    before = dir_state(cache)
    with pytest.raises(DataError, match="HTTP 404"):
        store.update(primed.base + "/nothing-here", timeout=5)
    assert dir_state(cache) == before


def test_fault_in_last_series_writes_none_of_the_others(primed, cache):
    """All are validated before any is written: a bad GDP (the last) keeps WALCL old too."""
    assert SERIES[-1] == "GDP"
    before = dir_state(cache)
    primed.bodies["GDP"] = b"observation_date,GDP\n"
    with pytest.raises(DataError, match="GDP"):
        store.update(primed.base, timeout=5)
    assert len(primed.requests) == 2 * len(SERIES)  # priming + all downloaded this time
    assert dir_state(cache) == before
    assert store.load_series("WALCL")[-1][0] == dt.date(2026, 6, 24)


def test_corrupt_cache_is_replaced_by_update(server, cache):
    put_cache(cache, "WALCL", b"junk")
    store.update(server.base, timeout=5)
    assert (cache_files(cache) / "WALCL.csv").read_bytes() == served("WALCL")  # and no junk


def test_no_shrink_compares_with_copy_in_use_not_a_corrupt_cache(server, cache):
    # A damaged cache is not "in use", so the snapshot is the yardstick and the update goes through.
    put_cache(cache, "WALCL", served("WALCL") + b"2099-01-07,1\n")
    [status] = store.status(["WALCL"])
    assert status.in_use == "snapshot" and status.cache.problem
    store.update(server.base, timeout=5)
    assert store.load_series("WALCL")[-1][0] == dt.date(2026, 7, 8)
