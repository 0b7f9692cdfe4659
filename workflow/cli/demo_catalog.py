"""The catalogue's part of `workflow demo`: activities 1 to 4 of MM-GAC-P-006 take their records from
the system, on the real data shipped beside this module (`workflow/catalog/samples/`): the review of
the web page, the requests and two answers by e-mail (from the addresses the real SUIT records give),
the hojas de vida, the publication and its informe."""

from __future__ import annotations

import mailbox
from email.headerregistry import Address
from email.message import EmailMessage
from pathlib import Path

from workflow.service import catalog, catalog_mail, catalog_output, catalog_publish, catalog_review
from workflow.service.facade import EvidenceInput, Workflow

SAMPLES = Path(__file__).resolve().parents[1] / "catalog" / "samples"
SUIT = SAMPLES / "suit-sample.json"
WEB = SAMPLES / "web-entries.json"
SENDER = "Atención al Ciudadano (demostración) <atencion.ciudadano@example.org>"  # example.org: no real box
DEMO_CODE = "MM-GAC-P-006"


def available(code: str) -> bool:
    return code == DEMO_CODE and SUIT.is_file() and WEB.is_file()


def import_catalogue(flow: Workflow, steps: list[str]) -> None:
    result = catalog.import_file(flow, SUIT)
    steps.append(f"workflow catalog import {SUIT.name}  # {len(result.added)} trámites reales de SUIT")


def _answers(flow: Workflow, cycle_id: str, folder: Path) -> Path:
    """An mbox with one answer from each dependencia whose address the list gives."""
    box_path = folder / "respuestas.mbox"
    box = mailbox.mbox(str(box_path))
    for number, written in enumerate(catalog_mail.write_requests(flow, cycle_id, folder / "solicitudes", SENDER),
                                     start=1):
        if not written.to:
            continue
        answer = EmailMessage()
        answer["From"] = Address(written.name, addr_spec=written.to[0])
        answer["To"] = SENDER
        answer["Subject"] = f"Re: solicitud {cycle_id}"
        answer["Message-ID"] = f"<demo-{number}.{cycle_id}@example.org>"
        answer.set_content(f"Confirmamos los {written.entries} trámites de {written.name}.\n")
        box.add(answer.as_bytes())
    box.close()
    return box_path


def _requests_as_evidence(flow: Workflow, cycle_id: str, number: int, folder: Path, steps: list[str]) -> None:
    """The dependencias that have not answered yet: one waived with a reason, the others with the
    request the system wrote them as their e-mail (as staff attach a request sent)."""
    requirement = flow.cycle(cycle_id).requirement
    assert requirement is not None
    pending = [i for i in requirement.items if i.state == "pending"]
    if not pending:
        return
    flow.waive(cycle_id, pending[-1].id, "Demostración: dependencia sin trámites en este ciclo", number)
    steps.append(f"workflow cycle waive {cycle_id} --item {pending[-1].id} --reason \"...\"")
    for item in pending[:-1]:
        flow.attach(cycle_id, EvidenceInput(folder / f"{item.id}.eml", "correo_electronico", item.id),
                    expected_activity=number)
    steps.append(f"workflow cycle attach {cycle_id} solicitudes/ITEM.eml --record correo_electronico --item ITEM  "
                 f"# {len(pending) - 1} solicitudes enviadas")


def activity(flow: Workflow, cycle_id: str, number: int, folder: Path, steps: list[str]) -> list[EvidenceInput]:
    """Do activity `number` with the catalogue; the evidence `complete` still needs (activity 3's sheets)."""
    if number == 1:
        done = catalog_review.review(flow, WEB, cycle_id, folder / "revision-pagina-web.html", force=True)
        steps.append(f"workflow catalog reconcile {WEB.name} --cycle {cycle_id} -o revision-pagina-web.html  "
                     f"# {len(done.report.duplicated_on_web)} repetidos, {len(done.report.not_in_catalog)} "
                     f"fuera del catálogo")
    elif number == 2:
        steps.append(f"workflow mail requests --cycle {cycle_id} -o solicitudes --from \"{SENDER}\"")
        imported = catalog_mail.import_mail(flow, _answers(flow, cycle_id, folder), cycle_id, number)
        steps.append(f"workflow mail import respuestas.mbox --cycle {cycle_id}  # {len(imported.attached)} "
                     f"respuestas adjuntadas a su dependencia")
        _requests_as_evidence(flow, cycle_id, number, folder / "solicitudes", steps)
    elif number == 3:
        sheets = folder / "hojas-de-vida.xlsx"
        codes = [row.code for row in catalog.rows(flow)]
        catalog_output.sheet(flow, codes, sheets, force=True, cycle_id=cycle_id, attach=True)
        steps.append(f"workflow catalog sheet --all --cycle {cycle_id} --attach -o hojas-de-vida.xlsx")
    elif number == 4:
        published = catalog_publish.publish(flow, cycle_id, folder / "sitio", force=True)
        steps.append(f"workflow catalog publish --cycle {cycle_id} -o sitio  # publicación {published.publication}, "
                     f"SHA-256 {published.sha256[:12]}…")
    return []
