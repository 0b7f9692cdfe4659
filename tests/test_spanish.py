"""Spanish throughout: under a Spanish locale, the frame typer and click write around our texts
(usage line, section headings, `[required]`, the `--help` line, usage errors) is Spanish too, each
command's `--activity` says what it does there, and values have placeholders in words (ARCHIVO, ID),
never a type such as `<list[Path]>`; under an English locale the same frame reads in English.

Help texts are made in the process's language as the command modules load, so each language runs in
a process of its own, started the way a person's shell starts `workflow`: the locale in LANG, no
WORKFLOW_LANG. One process per language runs every command's `--help` and the errors below.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from functools import cache
from typing import Any

import pytest

from tests.conftest import ROOT
from workflow.cli.frame import detail
from workflow.i18n import catalogue, using_language

LOCALES = {"es": "es_CO.UTF-8", "en": "en_US.UTF-8"}
HEAVY = ("sqlalchemy", "sqlmodel", "alembic", "psycopg")
MISSING_OPTION = ["cycle", "waive", "MM-GAC-P-006-0001", "--reason", "sin trámites"]
INVALID_VALUE = ["cycle", "complete", "MM-GAC-P-006-0001", "--activity", "dos"]
MISSING_ARGUMENT = ["cycle", "complete"]
UNKNOWN_OPTION = ["staff", "list", "--bogus"]

# Run inside the child process: every command's help, then the errors, each as `workflow ARGS` would.
_CHILD = """
import contextlib, io, json, sys
from workflow.cli import main
asked = json.loads(sys.argv[1])

def run(argv):
    out, err = io.StringIO(), io.StringIO()
    sys.argv = ["workflow", *argv]
    code = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main()
        except SystemExit as exit:
            code = exit.code if isinstance(exit.code, int) else 1
    return {"code": code, "stdout": out.getvalue(), "stderr": err.getvalue()}

help_only = run(["--help"])
light = sorted({name.split(".")[0] for name in sys.modules})
import typer.main
from workflow.cli.app import app
def paths(command, path):
    yield path
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        yield from paths(sub, [*path, name])
helps = {" ".join(path): run([*path, "--help"]) for path in paths(typer.main.get_command(app), [])}
errors = {name: run(argv) for name, argv in asked.items()}
sys.stdout = sys.__stdout__
print(json.dumps({"help_only": help_only, "modules": light, "helps": helps, "errors": errors}))
"""


@cache
def _session(language: str) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WORKFLOW_", "LC_", "LANG"))}
    env.update(LANG=LOCALES[language], COLUMNS="100", NO_COLOR="1", PYTHONIOENCODING="utf-8")
    errors = {"missing_option": MISSING_OPTION, "invalid_value": INVALID_VALUE,
              "missing_argument": MISSING_ARGUMENT, "unknown_option": UNKNOWN_OPTION}
    done = subprocess.run([sys.executable, "-c", _CHILD, json.dumps(errors)], capture_output=True, text=True,
                          encoding="utf-8", cwd=ROOT, env=env, check=True)
    return json.loads(done.stdout.splitlines()[-1])  # type: ignore[no-any-return]


def _said(language: str, key: str, **params: Any) -> str:
    return catalogue()[key][0 if language == "es" else 1].format(**params)


ENGLISH_FRAME = ("Usage:", "Options:", "Arguments:", "Commands:", "[required]", "Show this message", "Missing ",
                 "Invalid value", "No such option", "Try '", "[OPTIONS]", "[default:")
TYPE_PLACEHOLDER = re.compile(r"<[a-zA-Z][^<>]*>|\{[A-Z]+\}")  # typer's `<list[Path]>`, `{ID}`
ENGLISH_PLACEHOLDER = re.compile(r"\b(?:INTEGER|TEXT|PATH|FILE|FORMAT|DATE|VERSION|LOGIN)\b")


def test_help_under_a_spanish_locale_is_spanish_throughout() -> None:
    session = _session("es")
    assert session["help_only"]["code"] == 0
    top = session["help_only"]["stdout"]
    assert top.startswith("Uso: workflow [OPCIONES] COMANDO [ARGUMENTOS]...")
    assert "Opciones:" in top and "Comandos:" in top and "Muestra esta ayuda y termina." in top
    complete = session["helps"]["cycle complete"]["stdout"]
    assert complete.startswith("Uso: workflow cycle complete [OPCIONES] ID")
    assert "Argumentos:" in complete and "[obligatorio]" in complete
    assert re.search(r"--evidence ARCHIVO\s", complete) and re.search(r"--activity N\s", complete)
    for command, shown in session["helps"].items():
        text = shown["stdout"]
        assert shown["code"] == 0 and text.startswith("Uso: "), command
        assert [word for word in ENGLISH_FRAME if word in text] == [], (command, text)
        assert not TYPE_PLACEHOLDER.search(text) and not ENGLISH_PLACEHOLDER.search(text), (command, text)


def test_help_under_an_english_locale_has_placeholders_in_words() -> None:
    session = _session("en")
    complete = session["helps"]["cycle complete"]["stdout"]
    assert complete.startswith("Usage: workflow cycle complete [OPTIONS] ID")
    assert "Options:" in complete and "[required]" in complete and "Show this message and exit." in complete
    assert re.search(r"--evidence FILE\s", complete)
    for command, shown in session["helps"].items():
        assert not TYPE_PLACEHOLDER.search(shown["stdout"]), (command, shown["stdout"])


@pytest.mark.parametrize("language", sorted(LOCALES))
def test_activity_help_says_what_it_does_on_each_command(language: str) -> None:
    helps = _session(language)["helps"]
    said = {}
    for command in ("attach", "waive", "complete", "return", "skip", "suspend", "resume", "cancel"):
        text = " ".join(helps[f"cycle {command}"]["stdout"].split())
        expected = " ".join(_said(language, f"cli.opt.activity.{command}").split())
        assert expected in text, (command, text)
        said[command] = expected
    assert len(set(said.values())) == len(said)  # no two commands say the same thing


@pytest.mark.parametrize(("language", "missing", "invalid", "argument", "unknown"), [
    ("es", "falta la opción «--item».", "valor no válido para «--activity»: se espera un número entero",
     "falta el argumento «ID».", "no existe la opción --bogus."),
    ("en", "Missing option '--item'.", "Invalid value for '--activity': a whole number is expected",
     "Missing argument 'ID'.", "No such option: --bogus."),
])
def test_usage_errors_speak_the_locale(language: str, missing: str, invalid: str, argument: str,
                                       unknown: str) -> None:
    errors = _session(language)["errors"]
    usage, hint = ("Uso:", "Pruebe «workflow cycle waive --help»") if language == "es" else \
        ("Usage:", "Try 'workflow cycle waive --help'")
    for name, sentence in (("missing_option", missing), ("invalid_value", invalid), ("missing_argument", argument),
                           ("unknown_option", unknown)):
        shown = errors[name]
        assert shown["code"] == 2 and shown["stdout"] == "", (name, shown)
        assert shown["stderr"].rstrip().endswith(f"Error: {sentence}"), (name, shown["stderr"])
        assert shown["stderr"].startswith(usage), (name, shown["stderr"])
    assert hint in errors["missing_option"]["stderr"]
    if language == "es":
        assert not [w for name in errors for w in ENGLISH_FRAME if w in errors[name]["stderr"]]


def test_spanish_help_stays_free_of_the_database_stack() -> None:
    assert not set(_session("es")["modules"]) & set(HEAVY)


# The details click (older typer) and the vendored click (newer typer) give, in the shapes both write.
@pytest.mark.parametrize(("given", "said"), [
    ("Input should be a valid integer, unable to parse string as an integer", "se espera un número entero"),
    ("'dos' is not a valid integer.", "se espera un número entero"),
    ("Input should be greater than or equal to 1", "debe ser mayor o igual que 1"),
    ("0 is not in the range x>=1.", "debe ser mayor o igual que 1"),
    ("Got unexpected extra argument (b)", "sobran argumentos (b)."),
    ("Got unexpected extra argument(s) (b c)", "sobran argumentos (b c)."),
    ("Missing command.", "falta el comando."),
    ("No such command 'cycl'.", "no existe el comando «cycl»."),
    ("Option '--evidence' requires an argument.", "la opción «--evidence» necesita un valor."),
    ("--evidence option requires an argument", "la opción «--evidence» necesita un valor."),
    ("'pdf' is not one of 'csv', 'xlsx'.", "«pdf» no es ninguno de estos: «csv», «xlsx»."),
    ("Path 'x.yaml' does not exist.", "no existe «x.yaml»."),
    ("something new in a later click", "something new in a later click"),  # unknown: left as it is
])
def test_click_details_in_spanish(given: str, said: str) -> None:
    with using_language("es"):
        assert detail(given) == said
