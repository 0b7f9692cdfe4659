"""The reports on citizen requests: figures equal those computed independently from `request list --json`,
and the operating report becomes activity 5's record so the cycle completes with no hand-made file."""

from __future__ import annotations

import datetime as dt
import json
import statistics
from pathlib import Path

import pytest

from tests.conftest import Office, cycle_at
from tests.hostile import HOSTILE, cli
from workflow.core.calendar import BusinessCalendar
from workflow.service.requests import NewRequest


@pytest.fixture
def filed(office: Office, tmp_path: Path) -> Office:
    """A few requests of each channel, some answered (one late, one denied), one extended, one forwarded."""
    desk = office.as_user("ana").requests
    response = tmp_path / "respuesta.pdf"
    response.write_bytes(b"%PDF respuesta")
    made = [desk.file(NewRequest(type=kind, channel=channel, subject=subject, received_at=received))["radicado"]
            for kind, channel, subject, received in (
                ("peticion", "presencial", "Vía", "2026-07-10T10:00"), ("informacion", "email", HOSTILE,
                                                                        "2026-11-02T09:00"),
                ("consulta", "web", "Uso del suelo", "2026-11-17"), ("queja", "chat", "Ruido", "2026-11-25"),
                ("informacion", "chat", "Copia", "2026-11-26"), ("felicitacion", "telefono", "Gracias", None))]
    desk.answer(str(made[1]), response)  # late: received 2 November
    desk.answer(str(made[3]), response, denied=True)
    desk.extend(str(made[2]), BusinessCalendar().add_business_days(dt.date(2026, 11, 17), 35), "Visita técnica")
    desk.forward(str(made[4]), "Gobernación", "Competencia")
    return office


def _independent(listed: list[dict[str, object]], start: str, end: str) -> dict[str, object]:
    calendar = BusinessCalendar()
    period = [r for r in listed if start <= str(r["received_day"]) <= end]
    times = sorted(calendar.business_days_between(
        dt.date.fromisoformat(str(r["received_day"])),
        (dt.datetime.fromisoformat(str(r["answered_at"]).replace("Z", "+00:00")) - dt.timedelta(hours=5)).date())
        for r in period if r["state"] == "answered")
    return {
        "received": len(period), "answered": sum(r["state"] == "answered" for r in period),
        "answered_on_time": sum(r["on_time"] is True for r in period),
        "overdue": sum(r["overdue"] is True for r in period),
        "extended": sum(r["extended_until"] is not None for r in period),
        "forwarded": sum(r["state"] == "forwarded" for r in period),
        "by_channel": {c: sum(r["channel"] == c for r in period) for c in sorted({str(r["channel"]) for r in period})},
        "by_type": {c: sum(r["type"] == c for r in period) for c in sorted({str(r["type"]) for r in period})},
        "median_business_days": statistics.median(times) if times else None,
        "p90_business_days": times[-(-len(times) * 9 // 10) - 1] if times else None,
    }


def test_the_channel_report_equals_what_request_list_json_says(filed: Office, tmp_path: Path) -> None:
    listed = cli(filed.home, "request", "list", "--json", user="ana")
    assert listed.exit_code == 0, listed.output
    out = tmp_path / "canal.html"
    made = cli(filed.home, "report", "channel", "--from", "2026-07-01", "--to", "2026-11-30", "-o", str(out),
               "--json", user="ana")
    assert made.exit_code == 0, made.output
    figures = json.loads(made.output)
    expected = _independent(json.loads(listed.output), "2026-07-01", "2026-11-30")
    assert {k: figures[k] for k in expected} == expected
    assert (figures["from"], figures["to"], figures["received"]) == ("2026-07-01", "2026-11-30", 6)
    page = out.read_text(encoding="utf-8")
    assert "Informe de funcionamiento del canal virtual" in page and "MM-GAC-P-006" in page and "<svg" in page
    assert "<script" not in page  # the hostile subject is escaped (and not in the figures anyway)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_reports_come_as_csv_and_xlsx_too(filed: Office, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"informe.{fmt}"
    made = cli(filed.home, "report", "information-requests", "--from", "2026-01-01", "--to", "2026-12-31",
               "--format", fmt, "-o", str(out), user="ana")
    assert made.exit_code == 0, made.output
    if fmt == "csv":
        text = out.read_text(encoding="utf-8-sig")
        assert "Recibidas;2" in text and "Trasladadas por competencia;1" in text
    else:
        from openpyxl import load_workbook

        sheet = load_workbook(out).worksheets[0]
        assert ["Recibidas", 2] in [[c.value for c in row] for row in sheet.iter_rows()]


def test_the_semiannual_report_names_the_overdue_requests(filed: Office, tmp_path: Path) -> None:
    out = tmp_path / "semestral.html"
    made = cli(filed.home, "report", "semiannual", "--semester", "2026-2", "-o", str(out), "--json", user="ana")
    assert made.exit_code == 0, made.output
    assert [o["radicado"] for o in json.loads(made.output)["overdue_requests"]] == ["2026-000001"]
    assert "Ley 1474 de 2011" in out.read_text(encoding="utf-8")
    assert cli(filed.home, "report", "semiannual", "--semester", "2026-3", "-o", str(out), user="ana").exit_code == 2


def test_activity_5_completes_with_the_operating_report_as_its_record(filed: Office, tmp_path: Path) -> None:
    cycle_id = cycle_at(filed, tmp_path, 5)
    out = tmp_path / "plataforma.html"
    made = cli(filed.home, "report", "channel", "--from", "2026-07-01", "--to", "2026-11-30", "--cycle", cycle_id,
               "-o", str(out), user="marta")
    assert made.exit_code == 0, made.output
    done = filed.as_user("marta").complete(cycle_id, 5)
    assert done.state == "completed"
    evidence = filed.as_user("marta").cycle(cycle_id).evidence
    assert [e.record for e in evidence if e.activity == 5] == ["plataforma_digital"]
    assert filed.as_user("admin").verify().ok


def test_a_long_label_is_never_drawn_under_its_bar() -> None:
    import re

    from workflow.exports.request_report import Chart, _svg

    label = "Solicitud de información y documentos"
    svg = _svg(Chart("Por tipo", {label: 3, "Queja": 1}))
    bar_start = min(int(x) for x in re.findall(r'<rect x="(\d+)"', svg))
    assert bar_start >= 6 * len(label)  # the label's width at the chart's font size, at least
    assert f'width="{bar_start + 270}"' in svg  # the figure grows with it instead of cutting the bars
