"""workflow: public-administration procedures as audited state machines.

The public API, for scripts that use the library without the CLI:

    from workflow import Workflow, Settings, EvidenceInput
    with Workflow(Settings.from_environ()) as flow:
        cycle = flow.start_cycle("MM-GAC-P-006")

Names are imported on first use (PEP 562), so `import workflow.core.definition` or `workflow --help` never
pull in the database stack.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    # The real names, for mypy and editors (a type checker reads these and never calls `__getattr__`).
    # Never run, so importing `workflow` still loads nothing; a test keeps this block equal to `_HOME`.
    from workflow.core.definition import Procedure
    from workflow.core.loading import LoadedProcedure, load_procedure_file, load_procedure_text
    from workflow.errors import (
        Conflict,
        DefinitionInvalid,
        IntegrityFailure,
        NotFound,
        Refused,
        UsageError,
        WorkflowError,
    )
    from workflow.service.facade import EvidenceInput, Workflow
    from workflow.settings import Settings

__all__ = [
    "Conflict", "DefinitionInvalid", "EvidenceInput", "IntegrityFailure", "LoadedProcedure", "NotFound",
    "Procedure", "Refused", "Settings", "UsageError", "Workflow", "WorkflowError", "load_procedure_file",
    "load_procedure_text",
]

_HOME = {
    "Workflow": "workflow.service.facade", "EvidenceInput": "workflow.service.facade", "Settings": "workflow.settings",
    "Procedure": "workflow.core.definition", "LoadedProcedure": "workflow.core.loading",
    "load_procedure_file": "workflow.core.loading", "load_procedure_text": "workflow.core.loading",
    "WorkflowError": "workflow.errors", "DefinitionInvalid": "workflow.errors", "Refused": "workflow.errors",
    "NotFound": "workflow.errors", "Conflict": "workflow.errors", "IntegrityFailure": "workflow.errors",
    "UsageError": "workflow.errors",
}


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module 'workflow' has no attribute {name!r}")
    return getattr(import_module(_HOME[name]), name)
