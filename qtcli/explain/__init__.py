"""The texts of `qt explain`: one YAML file per language, read strictly and checked.

Each file (``en.yaml``, ``zh-TW.yaml``) holds the same topics with the same sections::

    version: 1
    lang: en
    topics:
      qe:
        title: "..."
        summary: "..."
        sections:
          - id: what            # body, bullets and/or table; at least one
            heading: "..."
            body: |
              Paragraphs, separated by a blank line.
            bullets: ["...", "..."]
            table: {columns: ["", "QE", "QT"], rows: [["...", "...", "..."]]}
        sources:
          - {title: "...", url: https://...}

A figure is written ``{name}`` and filled from :mod:`qtcli.figures`; an unknown name or a
stray brace is an error with the file and line, like every other problem in the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .. import parsecache
from ..checker import Checker
from ..errors import UsageError
from ..figures import NAMES
from ..model import LANGS
from ..yamlload import Item, YamlFile, show

DEFAULT_TOPIC = "compare"
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_ID = r"[a-z0-9][a-z0-9-]*"


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Section:
    id: str
    heading: str
    body: str | None
    bullets: tuple[str, ...]
    table: Table | None


@dataclass(frozen=True)
class Source:
    title: str
    url: str


@dataclass(frozen=True)
class Topic:
    id: str
    title: str
    summary: str
    sections: tuple[Section, ...]
    sources: tuple[Source, ...]

    def texts(self) -> list[str]:
        """Every string of the topic a reader sees, in reading order."""
        out = [self.title, self.summary]
        for s in self.sections:
            out.append(s.heading)
            out += [s.body] if s.body else []
            out += s.bullets
            if s.table:
                out += s.table.columns
                out += [cell for row in s.table.rows for cell in row]
        out += [src.title for src in self.sources]
        return out

    def figures(self) -> list[str]:
        """The figure names the topic quotes, in order of first use."""
        return list(dict.fromkeys(n for text in self.texts() for n in placeholders(text)))


@dataclass(frozen=True)
class Book:
    """All topics in one language, in the order of the file."""

    path: str
    lang: str
    topics: dict[str, Topic]

    def topic(self, topic_id: str) -> Topic:
        """The topic ``topic_id`` (any case); a UsageError naming the valid ones otherwise."""
        key = topic_id.strip().lower()
        if key in self.topics:
            return self.topics[key]
        import difflib

        hits = difflib.get_close_matches(key, list(self.topics), n=1, cutoff=0.5)
        hint = f" (did you mean '{hits[0]}'?)" if hits else ""
        raise UsageError(f"unknown topic '{topic_id}'{hint}; topics: {', '.join(self.topics)}")


def path_for(lang: str) -> Path:
    return Path(__file__).with_name(f"{lang}.yaml")


def load(lang: str, path: str | Path | None = None) -> Book:
    """Read and check the texts for ``lang``; DataError (file:line) if the file is bad."""
    if lang not in LANGS:
        raise UsageError(f"unknown language '{lang}'; languages: {', '.join(LANGS)}")
    return parsecache.cached(
        f"explain-{lang}", path or path_for(lang), lambda p: check(YamlFile(p), lang), _CODEC, _CODE
    )


# What the parse cache may build, and the modules whose change makes it parse afresh (the
# figure names are checked too: figures.py is one of them).
_CODEC = parsecache.Codec(Book, (Book, Topic, Section, Table, Source))
_CODE = ("qtcli.explain", "qtcli.figures", "qtcli.yamlload", "qtcli.checker")


def check(file: YamlFile, lang: str) -> Book:
    c = Checker(file)
    top = c.document("explain file", ("lang", "topics"))
    if "lang" in top and top["lang"].value != lang:
        c.fail(top["lang"], f"lang must be {lang!r} for this file, got {top['lang'].value!r}")
    topics: dict[str, Topic] = {}
    if "topics" in top:
        fields = top["topics"].value if isinstance(top["topics"].value, dict) else None
        if fields is None:
            c.fail(top["topics"], "topics must be a mapping of topic id to topic")
        elif not fields:
            c.fail(top["topics"], "topics must hold at least one topic")
        for topic_id, item in (fields or {}).items():
            topic = _topic(c, topic_id, item)
            if topic is not None:
                topics[topic_id] = topic
    c.raise_if_failed()
    return Book(file.name, lang, topics)


def _topic(c: Checker, topic_id: str, item: Item) -> Topic | None:
    where = f"topic '{topic_id}'"
    before = len(c.errors)
    if not re.fullmatch(_ID, topic_id):
        c.fail(item, f"{where}: a topic id is lowercase letters, digits and '-'")
    f = c.mapping(item, where, ("title", "summary", "sections", "sources"))
    if f is None:
        return None
    title = _text(c, f["title"], f"{where}: title") if "title" in f else None
    summary = _text(c, f["summary"], f"{where}: summary") if "summary" in f else None
    sections: list[Section] = []
    seen: dict[str, int] = {}
    entries = c.sequence(f["sections"], f"{where}: sections") if "sections" in f else None
    if entries is not None and not entries:
        c.fail(f["sections"], f"{where}: sections must list at least one section")
    for index, entry in enumerate(entries or []):
        section = _section(c, entry, f"{where}, section #{index + 1}")
        if section is None:
            continue
        if section.id in seen:
            first = seen[section.id]
            c.fail(entry, f"{where}: duplicate section id '{section.id}' (first at line {first})")
        seen.setdefault(section.id, entry.line)
        sections.append(section)
    sources = _sources(c, f["sources"], where) if "sources" in f else None
    if len(c.errors) > before:
        return None
    assert title and summary and sources is not None
    return Topic(topic_id, title, summary, tuple(sections), sources)


def _section(c: Checker, item: Item, where: str) -> Section | None:
    given_id = item.id_text()
    if given_id:
        where = f"{where.rsplit(',', 1)[0]}, section {show(given_id)}"
    before = len(c.errors)
    f = c.mapping(item, where, ("id", "heading"), ("body", "bullets", "table"))
    if f is None:
        return None
    sid = c.text(f["id"], f"{where}: id", _ID) if "id" in f else None
    heading = _text(c, f["heading"], f"{where}: heading") if "heading" in f else None
    body = _text(c, f["body"], f"{where}: body") if "body" in f else None
    bullets: list[str] = []
    if "bullets" in f:
        entries = c.sequence(f["bullets"], f"{where}: bullets")
        if entries is not None and not entries:
            c.fail(f["bullets"], f"{where}: bullets must list at least one item")
        for entry in entries or []:
            text = _text(c, entry, f"{where}: bullet")
            if text is not None:
                bullets.append(text)
    table = _table(c, f["table"], where) if "table" in f else None
    if not {"body", "bullets", "table"} & set(f):
        c.fail(item, f"{where}: needs a body, bullets or a table")
    if len(c.errors) > before:
        return None
    assert sid and heading
    return Section(sid, heading, body.strip() if body else None, tuple(bullets), table)


def _table(c: Checker, item: Item, where: str) -> Table | None:
    f = c.mapping(item, f"{where}: table", ("columns", "rows"))
    if f is None or "columns" not in f or "rows" not in f:
        return None
    columns = _cells(c, f["columns"], f"{where}: table columns")
    rows = []
    entries = c.sequence(f["rows"], f"{where}: table rows")
    if entries is not None and not entries:
        c.fail(f["rows"], f"{where}: table rows must list at least one row")
    for entry in entries or []:
        row = _cells(c, entry, f"{where}: table row")
        if row is not None and columns is not None and len(row) != len(columns):
            c.fail(entry, f"{where}: table row has {len(row)} cells for {len(columns)} columns")
        elif row is not None:
            rows.append(row)
    if columns is None or (entries and len(rows) != len(entries)):
        return None
    return Table(columns, tuple(rows))


def _cells(c: Checker, item: Item, where: str) -> tuple[str, ...] | None:
    """A list of cells; a cell may be empty (the corner of a table)."""
    entries = c.sequence(item, where)
    if entries is None:
        return None
    cells = []
    for entry in entries:
        if not isinstance(entry.value, str):
            c.fail(entry, f"{where}: a cell must be text, got {entry.value!r}")
            return None
        if entry.value and _text(c, entry, where) is None:
            return None
        cells.append(entry.value)
    if not cells:
        c.fail(item, f"{where} must list at least one cell")
        return None
    return tuple(cells)


def _text(c: Checker, item: Item, where: str) -> str | None:
    """Non-empty text whose every brace is a known figure, like {peak_assets}."""
    text = c.text(item, where)
    if text is None:
        return None
    for name in placeholders(text):
        if name not in NAMES:
            import difflib

            hits = difflib.get_close_matches(name, sorted(NAMES), n=1, cutoff=0.6)
            hint = f" (did you mean '{{{hits[0]}}}'?)" if hits else ""
            c.fail(item, f"{where}: unknown figure '{{{name}}}'{hint}")
            return None
    if "{" in PLACEHOLDER.sub("", text) or "}" in PLACEHOLDER.sub("", text):
        c.fail(item, f"{where}: a brace that is not a figure (write figures as {{name}})")
        return None
    return text


def _sources(c: Checker, item: Item, where: str) -> tuple[Source, ...] | None:
    entries = c.sequence(item, f"{where}: sources")
    if entries is None:
        return None
    if not entries:
        c.fail(item, f"{where}: sources must list at least one source")
        return None
    out = []
    for entry in entries:
        f = c.mapping(entry, f"{where}: source", ("title", "url"))
        if f is None or "title" not in f or "url" not in f:
            continue
        title = _text(c, f["title"], f"{where}: source title")
        url = c.text(f["url"], f"{where}: source url", r"https?://\S+")
        if title is not None and url is not None:
            out.append(Source(title, url))
    return tuple(out)


def placeholders(text: str) -> list[str]:
    return PLACEHOLDER.findall(text)


def fill(text: str, values: dict[str, str]) -> str:
    """``text`` with each ``{name}`` replaced by ``values[name]``."""
    return PLACEHOLDER.sub(lambda m: values[m.group(1)], text)


def differences(a: Book, b: Book) -> list[str]:
    """How two languages' books differ in shape: topics, sections, figures, tables, sources."""
    out = []
    if list(a.topics) != list(b.topics):
        out.append(f"topics differ: {a.lang} {list(a.topics)} vs {b.lang} {list(b.topics)}")
    for tid in (t for t in a.topics if t in b.topics):
        ta, tb = a.topics[tid], b.topics[tid]
        ids_a, ids_b = [s.id for s in ta.sections], [s.id for s in tb.sections]
        if ids_a != ids_b:
            out.append(f"{tid}: sections differ: {a.lang} {ids_a} vs {b.lang} {ids_b}")
        for sa, sb in zip(ta.sections, tb.sections, strict=False):
            if sa.id != sb.id:
                continue
            where = f"{tid}.{sa.id}"
            if bool(sa.body) != bool(sb.body) or len(sa.bullets) != len(sb.bullets):
                out.append(f"{where}: body/bullets differ")
            shape = lambda t: None if t is None else (len(t.columns), len(t.rows))  # noqa: E731
            if shape(sa.table) != shape(sb.table):
                out.append(f"{where}: table shapes differ: {shape(sa.table)} vs {shape(sb.table)}")
            fa = sorted(set(_section_figures(sa)))
            fb = sorted(set(_section_figures(sb)))
            if fa != fb:
                out.append(f"{where}: figures differ: {a.lang} {fa} vs {b.lang} {fb}")
        for part in ("title", "summary"):
            pa = sorted(set(placeholders(getattr(ta, part))))
            pb = sorted(set(placeholders(getattr(tb, part))))
            if pa != pb:
                out.append(f"{tid}.{part}: figures differ: {pa} vs {pb}")
        if [s.url for s in ta.sources] != [s.url for s in tb.sources]:
            out.append(f"{tid}: source URLs differ")
    return out


def _section_figures(s: Section) -> list[str]:
    texts = [s.heading, s.body or "", *s.bullets]
    if s.table:
        texts += [*s.table.columns, *(cell for row in s.table.rows for cell in row)]
    return [n for t in texts for n in placeholders(t)]
