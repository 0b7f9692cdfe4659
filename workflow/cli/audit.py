"""`workflow audit ...`: re-verify the hash chain, sign checkpoints, export the trail."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from workflow.cli.options import ForceOption, JsonOption, emit_json, output_option, word
from workflow.cli.session import run
from workflow.cli.shown import echo
from workflow.i18n import t

app = typer.Typer(help=t("cli.help.audit"), no_args_is_help=True)


@app.command("verify", help=t("cli.help.verify"))
def audit_verify(
    checkpoint: Annotated[Path | None, typer.Option("--checkpoint", metavar=word("file"),
                                                    help=t("cli.opt.checkpoint"))] = None,
    key: Annotated[Path | None, typer.Option("--key", metavar=word("file"), help=t("cli.opt.key"))] = None,
    as_json: JsonOption = False,
) -> None:
    from workflow.cli import render
    from workflow.service import auditing

    with render.progress(t("cli.progress.verify"), enabled=not as_json) as advance:
        result = run(as_json, lambda flow: auditing.verify(flow, checkpoint, key, advance))
    if as_json:
        emit_json(result.to_json())
    else:
        render.verify_result(result)
    raise typer.Exit(0 if result.ok else 1)


@app.command("checkpoint", help=t("cli.help.checkpoint"))
def audit_checkpoint(
    output: Annotated[Path, output_option("cli.opt.checkpoint_out")],
    pub: Annotated[bool, typer.Option("--pub", help=t("cli.opt.pub"))] = False,
    as_json: JsonOption = False,
    force: ForceOption = False,
) -> None:
    from workflow.service import auditing

    signed = run(as_json, lambda flow: auditing.take_checkpoint(flow, output, pub, force))
    if as_json:
        emit_json({**signed.to_json(), "file": str(output), "public_key": f"{output}.pub" if pub else None})
    else:
        echo(t("cli.checkpoint_written", path=str(output), size=signed.size, head=signed.head[:16],
                     key=signed.key[:16]))
        if pub:
            echo(t("cli.public_key_written", path=f"{output}.pub"))


@app.command("keygen", help=t("cli.help.keygen"))
def audit_keygen(as_json: JsonOption = False) -> None:
    from workflow.service import signing_key

    created = run(as_json, signing_key.generate)
    if as_json:
        emit_json(created.to_json())
    else:
        typer.echo(t("cli.key_created", path=created.path, fingerprint=created.fingerprint[:16]))


@app.command("export", help=t("cli.help.export"))
def audit_export(
    fmt: Annotated[str, typer.Option("--format", metavar=word("format"), help=t("cli.opt.format"))],
    output: Annotated[Path, output_option("cli.opt.export_out")],
    cycle: Annotated[str | None, typer.Option("--cycle", metavar="ID", help=t("cli.opt.cycle"))] = None,
    since: Annotated[str | None, typer.Option("--since", metavar=word("date"), help=t("cli.opt.since"))] = None,
    until: Annotated[str | None, typer.Option("--until", metavar=word("date"), help=t("cli.opt.until"))] = None,
    force: ForceOption = False,
) -> None:
    from workflow.cli import render
    from workflow.service import auditing

    with render.progress(t("cli.progress.export"), enabled=True) as advance:
        count = run(False, lambda flow: auditing.export(flow, fmt, output, cycle, since, until, advance,
                                                                  force))
    echo(t("cli.exported", count=count, format=fmt, path=str(output)))
