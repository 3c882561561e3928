"""The parse cache (qtcli.parsecache): a hit skips the parser, and it is never trusted.

Each test keeps its cache in its own temporary dir (QT_CACHE_DIR) and reads copies of the
shipped files, so it can change them.
"""

from __future__ import annotations

import datetime as dt
import marshal
import os
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from qtcli import events, parsecache, policies
from qtcli import explain as texts
from qtcli.errors import DataError


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    where = tmp_path / "cache"
    monkeypatch.setenv("QT_CACHE_DIR", str(where))
    monkeypatch.delenv("QT_NO_CACHE", raising=False)
    return where


@pytest.fixture()
def policy_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "policies.yaml"
    shutil.copyfile(policies.default_path(), copy)
    return copy


def _no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on, any parse of a policy file fails the test."""

    def parse(path: Path) -> None:
        raise AssertionError(f"parsed {path} again")

    monkeypatch.setattr(policies, "_read", parse)


def _stores(cache: Path) -> list[Path]:
    return sorted(p for p in cache.iterdir() if not p.name.endswith(".tmp"))


def test_a_hit_does_not_parse_and_equals_a_fresh_parse(cache, policy_copy, monkeypatch) -> None:
    fresh = policies.load(policy_copy)
    assert len(_stores(cache)) == 1
    _no_parsing(monkeypatch)
    again = policies.load(policy_copy)
    assert again == fresh
    assert again.regime("qt2-2022-09").treasuries.cap == Decimal(60)
    assert isinstance(again.regimes[0].start, type(fresh.regimes[0].start))


def test_events_and_explain_texts_come_back_equal(cache) -> None:
    assert events.load() == events.load() == events._read(events.default_path())
    for lang in ("en", "zh-TW"):
        parsed = texts.check(texts.YamlFile(texts.path_for(lang)), lang)
        assert texts.load(lang) == texts.load(lang) == parsed
    assert len(_stores(cache)) == 3


def test_a_changed_file_wins_even_with_the_same_size_and_time(cache, policy_copy) -> None:
    policies.load(policy_copy)
    st = policy_copy.stat()
    text = policy_copy.read_text(encoding="utf-8")
    assert "cap: 60" in text
    policy_copy.write_text(text.replace("cap: 60", "cap: 61", 1), encoding="utf-8")
    os.utime(policy_copy, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert policy_copy.stat().st_size == st.st_size
    caps = [r.treasuries.cap for r in policies.load(policy_copy).regimes]
    assert Decimal(61) in caps


def test_a_newer_file_wins(cache, policy_copy) -> None:
    policies.load(policy_copy)
    text = policy_copy.read_text(encoding="utf-8")
    policy_copy.write_text(text.replace("cap: 60", "cap: 45", 1), encoding="utf-8")
    caps = [r.treasuries.cap for r in policies.load(policy_copy).regimes]
    assert Decimal(45) in caps


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: b"",
        lambda raw: b"not a cache file at all",
        lambda raw: raw[: len(raw) // 2],
        lambda raw: raw[:40] + bytes([raw[40] ^ 0xFF]) + raw[41:],  # one flipped byte
    ],
    ids=["empty", "garbage", "truncated", "flipped-byte"],
)
def test_a_corrupt_cache_file_is_ignored_and_rebuilt(cache, policy_copy, damage) -> None:
    fresh = policies.load(policy_copy)
    (store,) = _stores(cache)
    good = store.read_bytes()
    store.write_bytes(damage(good))
    assert policies.load(policy_copy) == fresh
    assert store.read_bytes() == good  # rebuilt


def _forge(store: Path, payload: object, key: object = None) -> None:
    """Write a cache file with a valid digest around ``payload`` (and ``key``)."""
    magic, real_key, _ = marshal.loads(store.read_bytes()[32:])
    body = marshal.dumps((magic, real_key if key is None else key, payload))
    store.write_bytes(parsecache.blake2b(body, digest_size=32).digest() + body)


@pytest.mark.parametrize(
    "payload",
    [
        ("t", ()),  # decodes, but to a tuple, not a PolicyFile
        ("C", "Evil", ()),  # a class the codec was not given
        ("C", "PolicyFile", (1, 2)),  # the right class with the wrong fields
        ("X", 1),
        42,
    ],
)
def test_a_well_formed_but_foreign_payload_is_ignored(cache, policy_copy, payload) -> None:
    fresh = policies.load(policy_copy)
    (store,) = _stores(cache)
    _forge(store, payload)
    assert policies.load(policy_copy) == fresh


def test_a_cache_file_of_another_source_is_ignored(cache, tmp_path, policy_copy) -> None:
    other = tmp_path / "other.yaml"
    text = policy_copy.read_text(encoding="utf-8")
    other.write_text(text.replace("cap: 60", "cap: 50", 1), encoding="utf-8")
    policies.load(other)
    (other_store,) = _stores(cache)
    fresh = policies.load(policy_copy)
    mine = next(p for p in _stores(cache) if p != other_store)
    shutil.copyfile(other_store, mine)  # valid file, valid digest, someone else's key
    assert policies.load(policy_copy) == fresh


def test_a_cache_of_another_format_or_python_is_ignored(cache, policy_copy) -> None:
    fresh = policies.load(policy_copy)
    (store,) = _stores(cache)
    magic, key, payload = marshal.loads(store.read_bytes()[32:])
    body = marshal.dumps((("qt-parse-cache", 0, "0.0", (2, 7)), key, payload))
    store.write_bytes(parsecache.blake2b(body, digest_size=32).digest() + body)
    assert policies.load(policy_copy) == fresh
    assert marshal.loads(store.read_bytes()[32:])[0] == parsecache.MAGIC


def test_qt_no_cache_turns_it_off(cache, policy_copy, monkeypatch) -> None:
    monkeypatch.setenv("QT_NO_CACHE", "1")
    calls: list[Path] = []
    real = policies._read
    monkeypatch.setattr(policies, "_read", lambda p: calls.append(p) or real(p))
    policies.load(policy_copy)
    policies.load(policy_copy)
    assert len(calls) == 2
    assert not cache.exists()


def test_a_bad_file_keeps_its_line_and_is_never_cached(cache, policy_copy) -> None:
    text = policy_copy.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines, 1) if "cap: 60" in line)
    lines[number - 1] = lines[number - 1].replace("cap: 60", "cap: -60")
    policy_copy.write_text("".join(lines), encoding="utf-8")
    for _ in range(2):
        with pytest.raises(DataError) as caught:
            policies.load(policy_copy)
        assert caught.value.line == number
        assert str(policy_copy) in str(caught.value)
    assert not cache.exists() or not _stores(cache)


def test_an_unwritable_cache_dir_only_means_no_cache(tmp_path, monkeypatch, policy_copy) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a dir")
    monkeypatch.setenv("QT_CACHE_DIR", str(blocker / "cache"))
    assert policies.load(policy_copy) == policies._read(policy_copy)


def test_the_cache_dir_follows_the_environment(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("QT_CACHE_DIR", str(tmp_path / "here"))
    assert parsecache.cache_dir() == tmp_path / "here"
    monkeypatch.delenv("QT_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert parsecache.cache_dir() == tmp_path / "xdg" / "qt" / "parsed"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/dir")  # ignored, as the XDG spec says
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert parsecache.cache_dir() == tmp_path / "home" / ".cache" / "qt" / "parsed"


def test_series_rows_round_trip_exactly() -> None:
    rows = [
        (dt.date(2022, 6, 1), Decimal("8502806")),
        (dt.date(2022, 6, 8), None),
        (dt.date(2022, 6, 15), Decimal("0.125")),
    ]
    codec = parsecache.Rows()
    back = codec.decode(marshal.loads(marshal.dumps(codec.encode(rows))))
    assert back == rows
    assert [type(v) for _, v in back] == [Decimal, type(None), Decimal]
    with pytest.raises(TypeError):
        codec.decode(((1, 2), ("1",)))


def test_a_series_hit_does_not_parse_the_csv(cache, tmp_path, monkeypatch) -> None:
    from qtcli.series import files

    copy = tmp_path / "TREAST.csv"
    shutil.copyfile(Path(files.__file__).parent.parent / "data" / "TREAST.csv", copy)
    fresh = files.parse_file(copy, "TREAST")
    monkeypatch.setattr(files, "_PARSED", {})  # a new process: only the disk cache is left
    monkeypatch.setattr(files, "parse_csv", lambda *a: pytest.fail("parsed the CSV again"))
    assert files.parse_file(copy, "TREAST") == fresh
    assert fresh[0] == (dt.date(2002, 12, 18), Decimal("629397"))


def test_series_values_keep_their_exact_form() -> None:
    rows = [(dt.date(2020, 1, 1), Decimal(v)) for v in ("12", "12.0", "0.10", "-3", "0")]
    codec = parsecache.Rows()
    back = codec.decode(marshal.loads(marshal.dumps(codec.encode(rows))))
    assert [str(v) for _, v in back] == ["12", "12.0", "0.10", "-3", "0"]
