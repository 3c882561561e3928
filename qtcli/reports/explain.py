"""`qt explain`: a topic (or the list of topics) as panels and tables, plain text, JSON or CSV.

Everything is built once as a plain document with the figures filled in (:func:`document`,
:func:`listing`); each format only lays that document out.
"""

from __future__ import annotations

from typing import Any

from .. import i18n
from ..explain import Book, Topic, fill, placeholders
from ..figures import Figures
from ..output import Rendering
from ..wrapping import cells as width

PLAIN_WIDTH = 120  # a plain-text table wider than this is written one block per row


def document(topic: Topic, lang: str, figures: Figures) -> dict[str, Any]:
    """The topic with every figure filled in; the JSON shape of `qt explain TOPIC`."""
    names = topic.figures()
    values = {n: figures.text(n, lang) for n in names}
    f = lambda text: fill(text, values)  # noqa: E731
    return {
        "topic": topic.id,
        "lang": lang,
        "title": f(topic.title),
        "summary": f(topic.summary),
        "sections": [
            {
                "id": s.id,
                "heading": f(s.heading),
                "body": f(s.body) if s.body else None,
                "bullets": [f(b) for b in s.bullets],
                "table": None
                if s.table is None
                else {
                    "columns": [f(c) for c in s.table.columns],
                    "rows": [[f(c) for c in row] for row in s.table.rows],
                },
            }
            for s in topic.sections
        ],
        "sources": [{"title": f(s.title), "url": s.url} for s in topic.sources],
        "units": "USD billions",
        "figures": {n: figures.value(n) for n in names},
    }


def listing(book: Book, figures: Figures) -> dict[str, Any]:
    """Every topic's id, title and summary; the JSON shape of `qt explain --list`."""
    out = []
    for topic in book.topics.values():
        names = placeholders(topic.title) + placeholders(topic.summary)
        values = {n: figures.text(n, book.lang) for n in names}
        title, summary = fill(topic.title, values), fill(topic.summary, values)
        out.append({"id": topic.id, "title": title, "summary": summary})
    return {"lang": book.lang, "topics": out}


# ---------------------------------------------------------------------------- CSV


def csv_table(doc: dict[str, Any]) -> tuple[tuple[str, ...], list[list[Any]]]:
    if "topics" in doc:
        keys = ("id", "title", "summary")
        return keys, [[t[k] for k in keys] for t in doc["topics"]]
    rows: list[list[Any]] = [[doc["topic"], "summary", doc["title"], doc["summary"]]]
    for s in doc["sections"]:
        rows.append([doc["topic"], s["id"], s["heading"], "\n".join(_section_lines(s))])
    sources = "\n".join(f"{s['title']} <{s['url']}>" for s in doc["sources"])
    rows.append([doc["topic"], "sources", i18n.msg("explain.sources", doc["lang"]), sources])
    return ("topic", "section", "heading", "body"), rows


# ---------------------------------------------------------------------------- plain text


def plain(doc: dict[str, Any]) -> str:
    """Plain text, no box drawing and no colour: for pipes, files and screen readers."""
    lang = doc["lang"]
    if "topics" in doc:
        lines = _underlined(i18n.msg("explain.topics", lang), "=")
        for t in doc["topics"]:
            lines += [f"{t['id']}: {t['title']}", f"    {t['summary']}"]
        lines += ["", i18n.msg("explain.list_hint", lang)]
        return "\n".join(lines) + "\n"
    lines = _underlined(doc["title"], "=") + [doc["summary"]]
    for s in doc["sections"]:
        lines += [""] + _underlined(s["heading"], "-") + _section_lines(s)
    lines += [""] + _underlined(i18n.msg("explain.sources", lang), "-")
    lines += [f"- {s['title']}: {s['url']}" for s in doc["sources"]]
    lines += ["", i18n.msg("explain.more", lang)]
    return "\n".join(lines) + "\n"


def _underlined(text: str, mark: str) -> list[str]:
    return [text, mark * width(text)]


def _section_lines(s: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    if s["body"]:
        lines += s["body"].split("\n")
    if s["bullets"]:
        lines += ([""] if lines else []) + [f"- {b}" for b in s["bullets"]]
    if s["table"]:
        lines += ([""] if lines else []) + _plain_table(s["table"]["columns"], s["table"]["rows"])
    return lines


def _plain_table(columns: list[str], rows: list[list[str]]) -> list[str]:
    """Aligned columns when they fit; otherwise each row as a block of 'column: cell' lines."""
    table = [columns, *rows]
    widths = [max(width(row[i]) for row in table) for i in range(len(columns))]
    if sum(widths) + 2 * (len(widths) - 1) <= PLAIN_WIDTH:
        out = []
        for n, row in enumerate(table):
            out.append(
                "  ".join(_pad(cell, w) for cell, w in zip(row, widths, strict=False)).rstrip()
            )
            if n == 0:
                out.append("  ".join("-" * w for w in widths))
        return out
    out = []
    for n, row in enumerate(rows):
        out += [""] if n else []
        out.append(row[0] if not columns[0] else f"{columns[0]}: {row[0]}")
        out += [f"  {col}: {cell}" for col, cell in zip(columns[1:], row[1:], strict=False)]
    return out


def _pad(text: str, room: int) -> str:
    return text + " " * (room - width(text))


# ---------------------------------------------------------------------------- the terminal


def draw(doc: dict[str, Any]):  # type: ignore[no-untyped-def]
    """A function that prints the document on a console (render.Console)."""

    def show(console: Any) -> None:
        from .. import render

        lang = doc["lang"]
        m = i18n.msg
        if "topics" in doc:
            keys = ("id", "title", "summary")
            heads: list[tuple[str, str] | tuple[str, str, bool]] = [
                (m(f"explain.col.{k}", lang), "left", k == "id") for k in keys
            ]
            rows = [[t["id"], *(render.text(t[k]) for k in keys[1:])] for t in doc["topics"]]
            console.print(
                render.table(
                    heads,
                    rows,
                    title=m("explain.topics", lang),
                    caption=m("explain.list_hint", lang),
                )
            )
            return
        console.print(render.panel(render.text(doc["summary"]), title=doc["title"]))
        for s in doc["sections"]:
            console.print()
            console.print(render.text(s["heading"], "bold"))
            for n, paragraph in enumerate((s["body"] or "").split("\n\n") if s["body"] else []):
                if n:
                    console.print()
                console.print(render.text(paragraph))
            if s["bullets"]:
                console.print(render.bullets(s["bullets"]))
            if s["table"]:
                columns: list[tuple[str, str] | tuple[str, str, bool]] = [
                    (c, "left") for c in s["table"]["columns"]
                ]
                rows = [[render.text(cell) for cell in row] for row in s["table"]["rows"]]
                console.print(render.table(columns, rows))
        console.print()
        console.print(render.text(m("explain.sources", lang), "bold"))
        sources = [f"{s['title']}\n{s['url']}" for s in doc["sources"]]
        console.print(render.bullets(sources, numbered=True))
        console.print()
        console.print(render.text(m("explain.more", lang), "dim"))

    return show


def rendering(doc: dict[str, Any]) -> Rendering:
    return Rendering(lambda: doc, lambda: csv_table(doc), draw(doc))
