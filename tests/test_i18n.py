"""The translation layer: both languages complete, every key used by the code defined."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from workflow.i18n import catalogue, detect_language

PACKAGE = Path(__file__).resolve().parents[1] / "workflow"
KEY_PATTERN = re.compile(
    r"""(?:\bt|Message|Refused|NotFound|Conflict|IntegrityFailure|WorkflowError|UsageError)"""
    r"""\(\s*["']([a-z_]+\.[a-z_.]+)["']""")


def test_every_message_has_spanish_and_english_with_the_same_placeholders() -> None:
    formatter = string.Formatter()
    for key, (spanish, english) in catalogue().items():
        assert spanish.strip() and english.strip(), key
        fields_es = {f for _, f, _, _ in formatter.parse(spanish) if f}
        fields_en = {f for _, f, _, _ in formatter.parse(english) if f}
        assert fields_es == fields_en, key


def test_every_key_the_code_uses_is_in_the_catalogue() -> None:
    used = set()
    for source in PACKAGE.rglob("*.py"):
        if "messages" in source.parts:
            continue
        used.update(KEY_PATTERN.findall(source.read_text(encoding="utf-8")))
    missing = sorted(used - set(catalogue()))
    assert missing == []


@pytest.mark.parametrize(("environ", "expected"), [
    ({"WORKFLOW_LANG": "es"}, "es"),
    ({"WORKFLOW_LANG": "en", "LANG": "es_CO.UTF-8"}, "en"),
    ({"LANG": "es_CO.UTF-8"}, "es"),
    ({"LC_ALL": "en_US.UTF-8", "LANG": "es_CO.UTF-8"}, "en"),
    ({"LANG": "C.UTF-8"}, "en"),
    ({}, "en"),
])
def test_language_follows_workflow_lang_then_locale(environ: dict[str, str], expected: str) -> None:
    assert detect_language(environ) == expected


# Which catalogues a package's sentences may come from: its own, and those of the packages below it.
CATALOGUES_OF = {
    "core": ("core",), "authoring": ("authoring", "core"), "storage": ("storage", "core"),
    "exports": ("exports", "core"), "service": ("service", "storage", "exports", "authoring", "core"),
}
CATALOGUES_OF["service"] += ("catalog_web",)  # the catalogue's review, mail and publication
CATALOGUES_OF["catalog"] = ("catalog_web", "core")


@pytest.mark.parametrize("package", sorted(CATALOGUES_OF))
def test_each_package_speaks_from_its_own_catalogue_or_those_below_it(package: str) -> None:
    from importlib import import_module

    allowed = {key for name in CATALOGUES_OF[package]
               for key in import_module(f"workflow.messages.{name}").MESSAGES}
    every = catalogue()
    source = "".join(p.read_text(encoding="utf-8") for p in (PACKAGE / package).rglob("*.py"))
    used = {key for key in re.findall(r'"([a-z_]+\.[a-z_.]+)"', source) if key in every}
    assert used, "the package names no message: the check reads the wrong files"
    assert sorted(used - allowed) == []
