"""Stored and typed text made safe for a terminal, and the check that what was typed is text at all.

Whatever a person, a procedure file or a forged audit row put in a field reaches the terminal as the
characters it is, never as instructions to it: control characters (ESC sequences among them, C1 codes,
bidirectional overrides that reorder what is shown) and lone surrogates are written as visible escapes
(`\\x1b`, `\\u202e`), tabs and line breaks stay. Rich markup is switched off where rich prints (render),
so `[/x]` or `[link=...]` in a title is shown as typed.

Python decodes command-line arguments and environment values that are not UTF-8 with lone surrogates
(`surrogateescape`); `undecodable` finds them, so that such a value is refused up front (exit 2)
instead of failing half-way through a command.
"""

from __future__ import annotations

import re

import typer

# C0 but tab and line feed, DEL, C1, lone surrogates, bidi embeddings/overrides/isolates, BOM/non-chars.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069"
                     "\ud800-\udfff\ufeff\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    if "\udc80" <= char <= "\udcff":  # a byte that was not UTF-8: show the byte
        return f"\\x{ord(char) - 0xDC00:02x}"
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def clean(text: object) -> str:
    """`text` as characters a terminal shows and does not obey."""
    value = str(text)
    return value if _UNSAFE.search(value) is None else _UNSAFE.sub(_visible, value)


def undecodable(text: str) -> bool:
    """Whether `text` came from bytes that were not UTF-8 (or holds a lone surrogate otherwise)."""
    return _SURROGATE.search(text) is not None


def echo(message: object, err: bool = False) -> None:
    """One line of stored or typed text (or a sentence holding some) to stdout or stderr."""
    typer.echo(clean(message), err=err)
