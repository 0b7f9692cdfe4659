"""The one exception tree of the library.

    WorkflowError            anything a user can cause; rendered as one sentence, never a traceback
    ├── DefinitionInvalid    a procedure file has problems (all of them, with PATH:LINE:COL)   exit 1
    ├── Refused              a rule says no (role, missing record, reason required, ...)         exit 1
    ├── NotFound             a cycle, procedure, staff member or file that does not exist        exit 1
    ├── IntegrityFailure     the audit log or the evidence store does not verify                 exit 1
    ├── UsageError           the command line itself is wrong                                    exit 2
    └── Conflict             the cycle changed since the person looked; nothing was saved        exit 3

Errors carry a message key and parameters, not text: the CLI renders them in the user's language.
The mapping to exit codes lives here so the CLI has a single place to read it from.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from workflow.i18n import t


@dataclass(frozen=True)
class Message:
    """A translatable sentence: rendered only when shown, in the language in force then."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)

    def render(self) -> str:
        return t(self.key, **{k: v.render() if isinstance(v, Message) else v for k, v in self.params.items()})


class WorkflowError(Exception):
    exit_code = 1

    def __init__(self, key: str | Message, **params: Any) -> None:
        self.message = key if isinstance(key, Message) else Message(key, params)
        super().__init__(self.message.key)

    def __str__(self) -> str:
        return self.message.render()


class Refused(WorkflowError):
    pass


class NotFound(WorkflowError):
    pass


class IntegrityFailure(WorkflowError):
    pass


class UsageError(WorkflowError):
    exit_code = 2


class Conflict(WorkflowError):
    exit_code = 3


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a procedure file, located for an editor: PATH:LINE:COL (1-based)."""

    path: str
    line: int
    column: int
    message: Message
    severity: str = "error"  # "error" blocks loading; "warning" is reported and loading goes on

    def render(self) -> str:
        text = self.message.render()
        if self.severity == "warning":
            text = t("definition.warning_prefix", text=text)
        return f"{self.path}:{self.line}:{self.column}: {text}"


class DefinitionInvalid(WorkflowError):
    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("definition.invalid", count=len(self.problems))

    def __str__(self) -> str:
        return "\n".join(p.render() for p in self.problems)
