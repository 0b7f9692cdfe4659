"""The translation layer: every user-facing sentence goes through `t(key, **params)`.

Catalogues live in `workflow/messages/` (one module per part of the product, each a dict of
key -> (Spanish, English)), so that parts can grow their messages without editing one shared file.
The language is chosen once by the shell (`set_language`); the core never reads the environment.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import cache
from typing import Any, Literal

Language = Literal["es", "en"]
LANGUAGES: tuple[Language, ...] = ("es", "en")

_current: Language = "en"


def detect_language(environ: Mapping[str, str]) -> Language:
    """WORKFLOW_LANG wins; otherwise Spanish when the POSIX locale is es*, else English."""
    explicit = environ.get("WORKFLOW_LANG", "").strip().lower()
    if explicit[:2] in LANGUAGES:
        return explicit[:2]  # type: ignore[return-value]
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(variable, "")
        if value:
            return "es" if value.lower().startswith("es") else "en"
    return "en"


def set_language(language: Language) -> None:
    global _current
    _current = language


def current_language() -> Language:
    return _current


@contextmanager
def using_language(language: str) -> Iterator[None]:
    """Texts in `language` for a while (an export written in the language it was asked in); an
    unknown language leaves the current one."""
    before = _current
    if language in LANGUAGES:
        set_language(language)
    try:
        yield
    finally:
        set_language(before)


@cache
def catalogue() -> dict[str, tuple[str, str]]:
    from workflow.messages import ALL_CATALOGUES

    merged: dict[str, tuple[str, str]] = {}
    for part in ALL_CATALOGUES:
        for key, texts in part.items():
            if key in merged:
                raise RuntimeError(f"message key defined twice: {key}")
            merged[key] = texts
    return merged


def t(key: str, /, **params: Any) -> str:
    """The sentence for `key` in the current language, with `params` filled in."""
    texts = catalogue().get(key)
    if texts is None:
        # A missing key is a bug, but the person in front of the terminal still deserves the facts.
        return key + (" " + repr(params) if params else "")
    template = texts[LANGUAGES.index(_current)]
    return template.format(**params) if params else template
