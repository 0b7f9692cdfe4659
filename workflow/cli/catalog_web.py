"""`workflow catalog reconcile` and `workflow catalog publish`: activities 1 and 4 of the catalogue,
registered on the `catalog` command group (`register`). Parse, call the library, render."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from workflow.cli.options import ForceOption, JsonOption, emit_json, word
from workflow.cli.session import run
from workflow.cli.shown import echo
from workflow.i18n import t

ReviewCycle = Annotated[str | None, typer.Option("--cycle", metavar="ID", help=t("cli.opt.reconcile_cycle"))]
PublishCycle = Annotated[str, typer.Option("--cycle", metavar="ID", help=t("cli.opt.publish_cycle"))]


def reconcile(weblist: Annotated[Path, typer.Argument(metavar=word("file"), help=t("cli.arg.weblist"))],
              cycle: ReviewCycle = None,
              output: Annotated[Path | None, typer.Option("-o", "--output", metavar=word("file"),
                                                          help=t("cli.opt.reconcile_out"))] = None,
              site: Annotated[list[str] | None, typer.Option("--site", metavar=word("text"),
                                                             help=t("cli.opt.reconcile_site"))] = None,
              force: ForceOption = False, as_json: JsonOption = False) -> None:
    from workflow.service import catalog_review

    done = run(as_json, lambda flow: catalog_review.review(flow, weblist, cycle, output, force, tuple(site or ())))
    if as_json:
        emit_json(done.report.as_json())
        return
    from workflow.cli import catalog_render

    catalog_render.reconciliation(done.report)
    if output is not None:
        echo(t("cli.written", path=str(output)))
    if done.evidence:
        echo(t("cli.reconcile_kept", cycle=done.evidence[0].cycle_id, sha256=done.evidence[0].sha256[:12]))


def publish(cycle: PublishCycle,
            output: Annotated[Path, typer.Option("-o", "--output", metavar=word("folder"),
                                                 help=t("cli.opt.publish_out"))],
            force: ForceOption = False, as_json: JsonOption = False) -> None:
    from workflow.service import catalog_publish

    result = run(as_json, lambda flow: catalog_publish.publish(flow, cycle, output, force))
    if as_json:
        emit_json(result.to_json())
        return
    echo(t("cli.catalog_site_published", number=result.publication, entries=result.entries, sha256=result.sha256,
           folder=str(result.folder)))


def register(group: typer.Typer) -> None:
    group.command("reconcile", help=t("cli.help.catalog_reconcile"))(reconcile)
    group.command("publish", help=t("cli.help.catalog_publish"))(publish)
