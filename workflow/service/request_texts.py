"""The filing receipt a citizen is given (constancia de radicación, Decreto 1166 de 2016), as plain text.

Plain UTF-8 text, so that staff can print it, paste it in a chat or attach it to an e-mail as it is; the
same text is printed by `request new` and written by `--receipt FILE`. In the language of the
command (Spanish on `es*`), with every value as stored (no markup to escape in plain text).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from workflow.i18n import t


def receipt(row: Mapping[str, Any], organization: str, procedure: str) -> str:
    """The receipt of the request `row` (a `request show` document)."""
    lines = [
        organization,
        t("request.receipt.title"),
        "",
        t("request.receipt.radicado", radicado=row["radicado"]),
        t("request.receipt.received", at=str(row["received_at"])[:16].replace("T", " "), day=row["received_day"]),
        t("request.receipt.type", type=t(f"request.type.{row['type']}")),
        t("request.receipt.channel", channel=t(f"request.channel.{row['channel']}")),
        t("request.receipt.subject", subject=row["subject"]),
    ]
    if row.get("citizen"):
        lines.append(t("request.receipt.citizen", citizen=row["citizen"]))
    elif row.get("anonymous"):
        lines.append(t("request.receipt.anonymous"))
    if row.get("due_date"):
        lines.append(t("request.receipt.due", days=row["term_business_days"], due=row["due_date"]))
    else:
        lines.append(t("request.receipt.no_term"))
    lines += ["", t("request.receipt.follow", radicado=row["radicado"]),
              t("request.receipt.basis", procedure=procedure)]
    return "\n".join(lines) + "\n"
