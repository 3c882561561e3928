"""Make untrusted text (from a user's file or a download) safe to show on a terminal.

A file can hold escape sequences that clear the screen, retitle the window, plant a
hyperlink or rewrite what was printed before. :func:`clean` removes every terminal control:
ESC sequences (CSI, OSC with its payload, DCS/SOS/PM/APC strings, two-byte escapes), their
8-bit C1 forms, every other C0/C1 control character and DEL, and the bidirectional
overrides that reorder what a line seems to say. Newlines are kept (unless ``newlines`` is
false). Each cut is marked with one visible ``MARK`` so a reader sees that something was
there. Text without any of these comes back unchanged (the same object), cheaply.

Machine formats keep the text: JSON escapes controls as ``\\u00XX`` (see
:func:`json_escape`), CSV quotes its fields. HTML and SVG pages (:func:`html_escape`) are
cleaned like the terminal: neither format may hold control characters.
"""

from __future__ import annotations

import re

MARK = "\ufffd"  # the replacement character: visible, one cell, never a control

# Anything worth a closer look: C0 (but newline), DEL, C1, bidi embeddings/overrides/isolates.
_SUSPECT = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_SUSPECT_ANY = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

# One cut each: a whole escape sequence with its payload, or a run of lone controls.
_STRING_END = "(?:\x07|\x1b\\\\|\x9c)?"  # BEL or ST ends an OSC/DCS/SOS/PM/APC string
_SEQUENCES = (
    "\x1b\\[[0-?]*[ -/]*[@-~]?"  # CSI: ESC [ params intermediates final
    "|\x9b[0-?]*[ -/]*[@-~]?"  # 8-bit CSI
    f"|\x1b[\\]PX^_][^\x07\x1b\x9c]*{_STRING_END}"  # OSC (titles, hyperlinks), DCS, SOS, PM, APC
    f"|[\x90\x98\x9d\x9e\x9f][^\x07\x1b\x9c]*{_STRING_END}"  # their 8-bit forms
    "|\x1b[ -/]*[0-~]?"  # any other escape: ESC (intermediates) final
)
_BIDI = "\u202a-\u202e\u2066-\u2069"
_CUT_KEEP = re.compile(f"\r(?=\n)|{_SEQUENCES}|[\x00-\x09\x0b-\x1f\x7f-\x9f{_BIDI}]+")
_CUT_ALL = re.compile(f"\r\n|{_SEQUENCES}|[\x00-\x1f\x7f-\x9f{_BIDI}]+")


def clean(text: str, *, newlines: bool = True) -> str:
    """``text`` with every terminal control cut out and marked; see the module doc.

    A CRLF line end counts as a newline (kept, or one mark without ``newlines``).
    """
    if newlines:
        if _SUSPECT.search(text) is None:
            return text
        return _CUT_KEEP.sub(lambda m: "" if m.group() == "\r" else MARK, text)
    if _SUSPECT_ANY.search(text) is None:
        return text
    return _CUT_ALL.sub(MARK, text)


def one_line(text: str) -> str:
    """:func:`clean`, and newlines too: for messages that must stay on one line."""
    return clean(text, newlines=False)


_JSON_RAW = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def json_escape(text: str) -> str:
    """JSON text with DEL, C1 and bidi controls written as ``\\u00XX`` escapes too.

    ``json.dumps`` escapes C0 controls already; these others it leaves raw. They can only
    occur inside JSON strings, where the escape means the same character.
    """
    if _JSON_RAW.search(text) is None:
        return text
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def html_escape(text: str, quote: bool = True) -> str:
    """``html.escape`` of the cleaned text: HTML and SVG may not hold control characters."""
    from html import escape

    return escape(clean(text), quote=quote)
