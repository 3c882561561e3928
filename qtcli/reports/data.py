"""`qt data status` and `qt data update`: the H.4.1 copies in use, and a finished update."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..i18n import msg
from ..output import Rendering

if TYPE_CHECKING:
    from ..series import Copy, SeriesStatus, Updated

# Where the shipped snapshot came from (FRED series, repositories, commits, checks), shipped
# next to the code as it is in the repository.
SOURCES = Path(__file__).parent.parent / "SOURCES.md"


def status_rendering(result: list[SeriesStatus], where: Path, lang: str) -> Rendering:
    """Every series' snapshot and cache copies, and which one is in use."""
    return Rendering(lambda: _json(result, where), lambda: _csv(result), _draw(result, where, lang))


def updated_rendering(done: list[Updated], where: Path, lang: str) -> Rendering:
    """The series a successful `qt data update` wrote."""
    return Rendering(
        lambda: {"cache_dir": str(where), "updated": [_updated_dict(u) for u in done]},
        lambda: (UPDATED_HEADER, [list(_updated_dict(u).values()) for u in done]),
        _draw_updated(done, where, lang),
    )


UPDATED_HEADER = (
    "series",
    "as_of",
    "observations",
    "previous_as_of",
    "previous_source",
    "url",
    "path",
)


def _updated_dict(item: Updated) -> dict[str, Any]:
    return {
        "series": item.series,
        "as_of": item.as_of,
        "observations": item.observations,
        "previous_as_of": item.previous_as_of,
        "previous_source": item.previous_source,
        "url": item.url,
        "path": str(item.path),
    }


def _draw_updated(done: list[Updated], where: Path, lang: str) -> Callable[[Any], None]:
    def table(console: Any) -> None:
        from .. import render

        columns: list[tuple[str, str] | tuple[str, str, bool]] = [
            (msg("data.col.series", lang), "left", True),
            (msg("data.col.as_of", lang), "left", True),
            (msg("data.col.obs", lang), "right", True),
            (msg("data.col.was", lang), "left", True),
        ]
        rows = [
            [
                u.series,
                str(u.as_of),
                str(u.observations),
                f"{u.previous_as_of} ({msg('data.source.' + u.previous_source, lang)})",
            ]
            for u in done
        ]
        base = done[0].url.rsplit("=", 1)[0] + "=<SERIES>" if done else ""
        saved = done[0].path.parent if done else where  # the new generation
        caption = msg("data.updated_caption", lang, base=base, where=saved)
        title = msg("data.updated_title", lang)
        console.print(render.table(columns, rows, title=title))
        console.print(render.header([caption], paths=[f"{saved}/<SERIES>.csv"]))

    return table


def _copy_dict(copy: Copy, in_use: bool) -> dict[str, Any]:
    return {
        "in_use": in_use,
        "present": copy.present,
        "path": str(copy.path),
        "url": copy.url,
        "fetched": copy.fetched,
        "first": copy.first,
        "as_of": copy.as_of,
        "observations": copy.observations,
        "problem": copy.problem,
    }


def _json(result: list[SeriesStatus], where: Path) -> dict[str, Any]:
    return {
        "cache_dir": str(where),
        "provenance": str(SOURCES),
        "series": [
            {
                "series": s.series,
                "units": s.units,
                "in_use": s.in_use,
                "snapshot": _copy_dict(s.snapshot, s.in_use == "snapshot"),
                "cache": _copy_dict(s.cache, s.in_use == "cache"),
            }
            for s in result
        ],
    }


CSV_HEADER = (
    "series", "units", "source", "in_use", "present", "as_of", "first", "observations",
    "path", "url", "fetched", "problem",
)  # fmt: skip


def _csv(result: list[SeriesStatus]) -> tuple[tuple[str, ...], list[list[Any]]]:
    rows = [
        [
            s.series,
            s.units,
            c.source,
            "yes" if s.in_use == c.source else "no",
            "yes" if c.present else "no",
            c.as_of,
            c.first,
            c.observations,
            str(c.path),
            c.url,
            c.fetched,
            c.problem,
        ]
        for s in result
        for c in s.copies
    ]
    return CSV_HEADER, rows


def _cell(copy: Copy, lang: str) -> str:
    if copy.problem:
        return msg("data.unusable", lang)
    return str(copy.as_of) if copy.as_of else "–"


def _dirs(result: list[SeriesStatus], where: Path) -> tuple[Path, Path]:
    """The snapshot's folder and the cache generation in use (files are <dir>/<SERIES>.csv)."""
    if not result:
        return where, where
    return result[0].snapshot.path.parent, result[0].cache.path.parent


def _paths(result: list[SeriesStatus], where: Path) -> list[str]:
    """The paths the caption names, which a narrow terminal shortens (render.short_path)."""
    return [f"{d}/<SERIES>.csv" for d in _dirs(result, where)] + [str(SOURCES)]


def _caption(result: list[SeriesStatus], where: Path, lang: str) -> list[str]:
    """Paths and sources once for all series (files are <dir>/<SERIES>.csv), then problems."""
    snapshot_dir, cache_files = _dirs(result, where)
    lines = [msg("data.snapshot_line", lang, dir=snapshot_dir)]
    sources = sorted(
        {
            (s.cache.url.replace(s.series, "<SERIES>"), (s.cache.fetched or "")[:10])
            for s in result
            if s.cache.url
        }
    )
    cache = msg("data.cache_line", lang, dir=cache_files)
    if not any(s.cache.present for s in result):
        cache += msg("data.cache_none", lang)
    lines.append(cache)
    lines.extend(
        msg("data.from", lang, url=url) + (msg("data.on", lang, day=day) if day else "")
        for url, day in sources
    )
    lines.append(msg("data.rule", lang))
    lines.append(msg("data.provenance", lang, path=SOURCES))
    lines.extend(
        msg("data.problem", lang, series=s.series, source=msg("data.source." + c.source, lang))
        + f": {c.problem}"
        for s in result
        for c in s.copies
        if c.problem
    )
    return lines


def _draw(result: list[SeriesStatus], where: Path, lang: str) -> Callable[[Any], None]:
    def table(console: Any) -> None:
        from .. import render

        columns: list[tuple[str, str] | tuple[str, str, bool]] = [
            (msg("data.col.series", lang), "left", True),
            (msg("data.col.in_use", lang), "left", True),
            (msg("data.col.as_of", lang), "left", True),
            (msg("data.col.obs", lang), "right", True),
            (msg("data.col.snapshot", lang), "left", True),
            (msg("data.col.cache", lang), "left", True),
        ]
        rows = []
        for s in result:
            used = s.cache if s.in_use == "cache" else s.snapshot
            rows.append(
                [
                    s.series,
                    msg("data.source." + (s.in_use or "none"), lang),
                    str(used.as_of or "–"),
                    str(used.observations if used.observations is not None else "–"),
                    _cell(s.snapshot, lang),
                    _cell(s.cache, lang),
                ]
            )
        console.print(render.table(columns, rows, title=msg("data.status_title", lang)))
        console.print(render.header(_caption(result, where, lang), paths=_paths(result, where)))

    return table
