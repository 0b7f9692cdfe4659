"""`workflow shell`: the same commands, typed one per line at a prompt, in one process.

The standard library's `cmd` reads the lines (with `readline`, where the platform has it: line editing,
history kept in WORKFLOW_HOME between sessions, and tab completion of command names, sub-commands and
options from the command line's own definition). Each line runs as `workflow run` runs one
(`workflow.cli.script`): its own transaction, its checks, its audit events, its messages and its exit
code, which the prompt shows when it is not 0. `exit`, `quit` or end of input (Ctrl-D) leave, with the
exit code of the last command, as a POSIX shell does.
"""

from __future__ import annotations

import cmd
import sys
from typing import Any

from workflow.cli import script
from workflow.i18n import t

LEAVE = ("exit", "quit")


def _children(command: Any) -> dict[str, Any]:
    return dict(getattr(command, "commands", {}))


def completions(root: Any, words: list[str], prefix: str) -> list[str]:
    """What may follow `words` (already typed, complete) and starts with `prefix`: a group's commands,
    or a command's options (`root`: the app's root click command)."""
    command = root
    for word in words:
        child = _children(command).get(word)
        if child is None:
            break
        command = child
    children = _children(command)
    if children and not prefix.startswith("-"):
        names = sorted(name for name, sub in children.items() if not getattr(sub, "hidden", False))
        if command is root:
            names = sorted({*names, *LEAVE, "help"})
    else:
        names = sorted({option for param in getattr(command, "params", []) for option in getattr(param, "opts", [])
                        if option.startswith("-")} | {"--help"})
    found = [name for name in names if name.startswith(prefix)]
    return [found[0] + " "] if len(found) == 1 else found  # one match: the word is complete, go on typing


class WorkflowShell(cmd.Cmd):
    identchars = cmd.Cmd.identchars + "-"

    def __init__(self, root: Any, interactive: bool = True) -> None:
        super().__init__()
        self.root = root
        self.last_code = 0
        self.interactive = interactive
        self.intro = t("cli.shell_intro") if interactive else None
        self.prompt = "workflow> " if interactive else ""

    # -- what a line does ---------------------------------------------------------------------------
    def onecmd(self, line: str) -> bool:
        text = line.strip()
        if text == "EOF":
            print()
            return True
        if text.split(" ", 1)[0] in LEAVE:
            return True
        if not text or text.startswith("#"):
            return False
        if text == "help" or text.startswith("help "):
            text = " ".join([*text.split()[1:], "--help"])
        lines = script.script_lines(text)
        if lines:
            self.last_code = script.run_line(self.root, lines[0]).exit_code
        if self.interactive:
            self.prompt = "workflow> " if self.last_code == 0 else f"workflow [{self.last_code}]> "
        return False

    def emptyline(self) -> bool:
        return False  # not cmd's default: repeating the last command could repeat a step

    # -- tab completion -----------------------------------------------------------------------------
    def completenames(self, text: str, *_ignored: Any) -> list[str]:
        return completions(self.root, [], text)

    def completedefault(self, text: str, line: str, begidx: int, _endidx: int) -> list[str]:
        return completions(self.root, line[:begidx].split(), text)


def run_shell(root: Any) -> int:
    from workflow.cli.session import sharing
    from workflow.settings import Settings

    shell = WorkflowShell(root, interactive=sys.stdin.isatty())
    with script._history(Settings.from_environ().home), sharing():
        while True:
            try:
                shell.cmdloop()
                break
            except KeyboardInterrupt:  # Ctrl-C at the prompt: a new prompt, as a shell does
                print()
                shell.intro = None
    return shell.last_code
