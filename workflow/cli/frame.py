"""The command line's frame in the person's language: the words typer and click write themselves
("Usage", "Options", "[required]", "Missing option", "Invalid value", ...), which they only know in
English.

click translates through gettext, but has no Spanish catalogue, and the newer typer vendors a click
with those words written into the code; so nothing is hooked into either. Instead, the two places
where the frame reaches a person are ours:

- help: every command's context makes its help with `Formatter`, a subclass of the formatter its
  click would use, which writes the usage prefix and section headings in our words, turns the type
  descriptions typer prints as placeholders (`<list[Path]>`, `INTEGER`) into words (`ARCHIVO`, `N`),
  and translates the fixed notes of the help column (`[required]`, the `--help` line);
- usage errors: `show_usage_error` says a parsing error (missing or unknown option, invalid value...)
  in our words, from the error's class and fields, never by parsing a whole English sentence; the
  detail click gives for an invalid value is matched against the few shapes it takes and translated,
  or left as it is.

Every word comes from the `cli.frame.*` messages, in both languages: English help reads the same
way ("FILE", not "<Path>"). Nothing here imports more than typer, so `workflow --help` stays fast.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import typer

from workflow.i18n import t

# -- help ----------------------------------------------------------------------------------------------

_HEADINGS = {"Arguments": "cli.frame.arguments", "Options": "cli.frame.options", "Commands": "cli.frame.commands"}
_USAGE_PIECES = (("[OPTIONS]", "cli.frame.usage_options"), ("COMMAND [ARGS]...", "cli.frame.usage_command"))
# A type description (typer's `<list[Path]>`, click's `INTEGER RANGE`) -> the placeholder's message.
_TYPES = (
    (re.compile(r"path|file", re.IGNORECASE), "cli.metavar.file"),
    (re.compile(r"int|integer", re.IGNORECASE), "cli.metavar.number"),
    (re.compile(r"float", re.IGNORECASE), "cli.metavar.number"),
)
_TYPE_DESCRIPTION = re.compile(r"<([^<>]+)>|\b(INTEGER RANGE|INTEGER|FLOAT|TEXT|PATH|FILENAME|FILE)\b")
_NOTES: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = (
    (re.compile(r"\[required\]"), lambda _m: f"[{t('cli.frame.required')}]"),
    (re.compile(r"Show this message and exit\."), lambda _m: t("cli.frame.help_option")),
    (re.compile(r"\[default: ([^\]]*)\]"), lambda m: f"[{t('cli.frame.default', value=m.group(1))}]"),
)


def placeholder(description: str) -> str:
    """The word for a value of the type typer or click describes: ARCHIVO, N, TEXTO."""
    for pattern, key in _TYPES:
        if pattern.search(description):
            return t(key)
    return t("cli.metavar.text")


def help_term(term: str) -> str:
    """An option's or argument's names as the help lists them, with placeholders in words. An
    argument already shows its own name, so the type after it goes."""
    if not term.startswith("-"):
        return _TYPE_DESCRIPTION.sub("", term).strip()
    return _TYPE_DESCRIPTION.sub(lambda m: placeholder(m.group(1) or m.group(2)), term)


def help_note(text: str) -> str:
    for pattern, words in _NOTES:
        text = pattern.sub(words, text)
    return text


def usage_text(args: str) -> str:
    """The usage line's pieces: `[OPCIONES]`, and `ID` rather than typer's `{ID}`."""
    for piece, key in _USAGE_PIECES:
        args = args.replace(piece, t(key))
    return re.sub(r"\{([^{}]+)\}", r"\1", args)


def _formatter(base: type[Any]) -> type[Any]:
    class Formatter(base):  # type: ignore[misc]
        """click's help formatter, writing the frame in our words."""

        def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
            super().write_usage(prog, usage_text(args), t("cli.frame.usage") + " ")

        def write_heading(self, heading: str) -> None:
            key = _HEADINGS.get(heading)
            super().write_heading(t(key) if key else heading)

        def write_dl(self, rows: Sequence[tuple[str, str]], *args: Any, **kwargs: Any) -> None:
            super().write_dl([(help_term(term), help_note(text)) for term, text in rows], *args, **kwargs)

    return Formatter


def _context(base: type[Any]) -> type[Any]:
    return type("Context", (base,), {"formatter_class": _formatter(base.formatter_class), "_workflow_frame": True})


def translate_help(command: Any) -> None:
    """Make `command` and every command under it write their help in our words (idempotent)."""
    context_class = command.context_class
    if not getattr(context_class, "_workflow_frame", False):
        command.context_class = _context(context_class)
    for sub in getattr(command, "commands", {}).values():
        translate_help(sub)


# -- usage errors ------------------------------------------------------------------------------------------

def quoted(*names: str) -> str:
    """Names as a sentence quotes them: «--output» / «-o» in Spanish, '--output' / '-o' in English."""
    return " / ".join(t("cli.frame.quoted", name=name) for name in names if name)


def _quoted_list(text: str) -> str:
    """click's own list of names ("'cycle'", "'--a', '--b'"), quoted our way."""
    return ", ".join(quoted(name.strip().strip("'")) for name in text.split(","))


# The shapes of the detail click and typer give for an invalid value or another usage error -> our
# message, and how each named group is shown in it.
_DETAILS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"Input should be a valid integer.*|'?(?P<value>.*?)'? is not a valid integer\.?"),
     "cli.frame.not_integer"),
    (re.compile(r"Input should be greater than or equal to (?P<limit>\S+)"), "cli.frame.at_least"),
    (re.compile(r"\S+ is not in the range x>=(?P<limit>\S+?)\.?"), "cli.frame.at_least"),
    (re.compile(r"Got unexpected extra argument(?:s|\(s\))? \((?P<args>.*)\)\.?"), "cli.frame.extra_arguments"),
    (re.compile(r"Missing command\.?"), "cli.frame.missing_command"),
    (re.compile(r"No such command '?(?P<name>.*?)'?\.(?: Did you mean (?P<like>.*)\?)?"),
     "cli.frame.no_such_command"),
    (re.compile(r"Option '?(?P<option>[^' ]+)'? requires an argument\.?"), "cli.frame.needs_value"),
    (re.compile(r"(?P<option>\S+) option requires an argument\.?"), "cli.frame.needs_value"),
    (re.compile(r"'?(?P<value>.*?)'? is not one of (?P<choices>.*?)\.?"), "cli.frame.not_one_of"),
    (re.compile(r"(?:File|Path|Directory) '(?P<path>.*)' does not exist\.?"), "cli.frame.path_missing"),
)
_SHOWN: dict[str, Callable[[str], str]] = {"name": quoted, "option": quoted, "value": quoted, "path": quoted,
                                           "choices": _quoted_list, "like": _quoted_list}


def detail(text: str) -> str:
    """click's or typer's detail in our words, when it has one of the shapes we know; else as it is."""
    for pattern, key in _DETAILS:
        match = pattern.fullmatch(text.strip())
        if match is None:
            continue
        found = {k: _SHOWN.get(k, str)(v) for k, v in match.groupdict().items() if v is not None}
        like = found.pop("like", None)
        return t(key, **found) + (" " + t("cli.frame.did_you_mean", names=like) if like else "")
    return text


def _names(error: Any) -> str:
    """What the error is about, quoted: the option's names, or the argument's placeholder."""
    hint = getattr(error, "param_hint", None)
    if hint:
        return quoted(*([hint] if isinstance(hint, str) else hint))
    param = getattr(error, "param", None)
    if param is None:
        return ""
    if getattr(param, "param_type_name", "") == "option":
        return quoted(*param.opts)
    return quoted(usage_text(str(getattr(param, "metavar", None) or (param.name or "").upper())))


def error_message(error: Any) -> str:
    """A usage error in our words, by its class: missing, unknown, invalid, or another usage error."""
    kind = type(error).__name__
    names = _names(error)
    if kind == "MissingParameter":
        param_type = str(getattr(error, "param_type", None) or getattr(getattr(error, "param", None),
                                                                       "param_type_name", "parameter"))
        key = {"argument": "cli.frame.missing_argument", "option": "cli.frame.missing_option"}.get(
            param_type, "cli.frame.missing_parameter")
        return t(key, name=names)
    if kind == "NoSuchOption":
        text = t("cli.frame.no_such_option", name=error.option_name)
        possibilities = list(getattr(error, "possibilities", None) or ())
        return text + (" " + t("cli.frame.did_you_mean", names=", ".join(possibilities)) if possibilities else "")
    if kind == "BadParameter":
        what = detail(str(error.message))
        return t("cli.frame.invalid_value_for", name=names, detail=what) if names else \
            t("cli.frame.invalid_value", detail=what)
    return detail(str(error.message))


def usage_lines(error: Any) -> Iterable[str]:
    """The usage line and the hint to ask for help, for the command the error happened in."""
    ctx = getattr(error, "ctx", None)
    if ctx is None:
        return []
    lines = [ctx.get_usage()]
    if ctx.command.get_help_option(ctx) is not None:
        lines.append(t("cli.frame.try_help", command=f"{ctx.command_path} {ctx.help_option_names[0]}"))
    return [*lines, ""]


def show_usage_error(error: Any) -> None:
    """Say a usage error on stderr, as click would but in our words."""
    for line in usage_lines(error):
        typer.echo(line, err=True)
    typer.echo(f"{t('cli.error_prefix')}: {error_message(error)}", err=True)
