"""`RequestDesk`: the citizen-request use cases bound to one library instance (`Workflow.requests`),
in a module of its own so that a command that does not touch requests does not import them."""

from __future__ import annotations

import builtins
from datetime import date
from pathlib import Path
from typing import Any

from workflow.service import requests
from workflow.service.context import Context
from workflow.service.views import PublishResult

__all__ = ["RequestDesk"]


class RequestDesk:
    """The request use cases bound to one library instance (each one transaction)."""

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    def enable(self, path: Path | None = None) -> PublishResult:
        """Publish the PQRSD procedure (administrators): the shipped model or the Alcaldía's version."""
        result: PublishResult = requests.enable(self._ctx, path)
        return result

    def file(self, request: requests.NewRequest) -> dict[str, Any]:
        return requests.file(self._ctx, request)

    def list(self, state: str | None = None, kind: str | None = None, overdue: bool = False,
             due_within: int | None = None) -> builtins.list[dict[str, Any]]:
        return requests.listing(self._ctx, state, kind, overdue, due_within)

    def show(self, radicado: str) -> dict[str, Any]:
        return requests.show(self._ctx, radicado)

    def assign(self, radicado: str, dependencia: str) -> dict[str, Any]:
        return requests.assign(self._ctx, radicado, dependencia)

    def extend(self, radicado: str, until: date, reason: str) -> dict[str, Any]:
        return requests.extend(self._ctx, radicado, until, reason)

    def forward(self, radicado: str, to: str, reason: str) -> dict[str, Any]:
        return requests.forward(self._ctx, radicado, to, reason)

    def close(self, radicado: str, reason: str) -> dict[str, Any]:
        return requests.close(self._ctx, radicado, reason)

    def incomplete(self, radicado: str, reason: str) -> dict[str, Any]:
        return requests.incomplete(self._ctx, radicado, reason)

    def resume(self, radicado: str, note: str) -> dict[str, Any]:
        return requests.resume(self._ctx, radicado, note)

    def withdraw_expired(self) -> builtins.list[str]:
        return requests.withdraw_expired(self._ctx)

    def answer(self, radicado: str, evidence: Path, notified_at: str | None = None,
               note: str | None = None, denied: bool = False) -> dict[str, Any]:
        return requests.answer(self._ctx, radicado, evidence, notified_at, note, denied)
