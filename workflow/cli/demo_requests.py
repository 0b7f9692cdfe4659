"""The demo's activity 5: the digital platform at work, so the cycle ends with the channel's report.

A few requests of each channel (one imported from an .eml, one from a chat export), some answered, one
extended, one forwarded; then the operating report of the virtual channel is produced and attached to
the cycle as its record `plataforma_digital`. Only the library's public use cases, as staff would type.
"""

from __future__ import annotations

import datetime as dt
import json
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from workflow.core.requests import BOGOTA
from workflow.service import reports
from workflow.service.facade import Workflow
from workflow.service.request_import import import_path
from workflow.service.requests import NewRequest

TYPED = (("peticion", "presencial", "Arreglo de la vía de la carrera 5"), ("consulta", "web", "Uso del suelo"),
         ("queja", "telefono", "Ruido nocturno en el centro"), ("felicitacion", "web", "Gracias por la atención"))


def platform(clerk: Workflow, reporter: Workflow, cycle_id: str, samples: Path, steps: list[str]) -> Path:
    """Run the platform for a while (`clerk`: Atención al Ciudadano) and attach its report to `cycle_id`
    (`reporter`: whoever completes activity 5); the report's path."""
    staff, desk = clerk, clerk.requests
    now = dt.datetime.now(BOGOTA)
    today, earlier = now.date(), (now - dt.timedelta(minutes=30)).replace(microsecond=0)
    made = []
    for kind, channel, subject in TYPED:
        made.append(desk.file(NewRequest(type=kind, channel=channel, subject=subject))["radicado"])
        steps.append(f"workflow request new --type {kind} --channel {channel} --subject \"{subject}\"")
    mail = EmailMessage()
    mail["From"], mail["Subject"] = "María López <maria@example.org>", "Solicitud de copia del contrato 045"
    mail["Message-ID"], mail["Date"] = "<demo-1@example.org>", format_datetime(earlier)
    mail.set_content("Buenos días: solicito copia del contrato 045.")
    (samples / "solicitud.eml").write_bytes(bytes(mail))
    made += import_path(staff, samples / "solicitud.eml").created
    steps.append("workflow request import solicitud.eml")
    chat = {"conversations": [{"id": "demo-chat-1", "visitor": {"name": "Pedro Ruiz"}, "messages": [
        {"at": earlier.isoformat(), "from": "visitor", "text": "Quiero presentar un reclamo por el recibo"},
        {"at": (earlier + dt.timedelta(minutes=2)).isoformat(), "from": "agent", "text": "Con gusto lo registramos"}]}]}
    (samples / "chat.json").write_text(json.dumps(chat, ensure_ascii=False), encoding="utf-8")
    made += import_path(staff, samples / "chat.json").created
    steps.append("workflow request import chat.json")
    response = samples / "respuesta.txt"
    response.write_text("Respuesta al ciudadano\n", encoding="utf-8")
    desk.answer(str(made[0]), response)
    desk.close(str(made[3]), "Felicitación: no requiere respuesta")
    desk.extend(str(made[1]), _later(desk.show(str(made[1]))["due_date"]), "Requiere visita técnica")
    desk.forward(str(made[2]), "Policía Metropolitana de Santa Marta", "Competencia de la Policía")
    steps += [f"workflow request answer {made[0]} --evidence respuesta.txt",
              f"workflow request extend {made[1]} --until ... --reason \"Requiere visita técnica\"",
              f"workflow request forward {made[2]} --to \"Policía Metropolitana de Santa Marta\" --reason \"...\""]
    report = samples / "informe-canal-virtual.html"
    reports.channel(reporter, today.replace(day=1), today, "html", report, cycle_id, force=True)
    steps.append(f"workflow report channel --from {today.replace(day=1)} --to {today} --cycle {cycle_id} "
                 f"-o {report.name}")
    return report


def _later(due: object) -> dt.date:
    from workflow.core.calendar import BusinessCalendar

    return BusinessCalendar().add_business_days(dt.date.fromisoformat(str(due)), 5)
