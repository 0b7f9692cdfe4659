"""Files the catalogue writes: the import template and the hoja de vida (ME-GAC-F-003) of entries.

Outputs are checked before any work (never over what the program reads; an existing file only with
`force`) and written atomically.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from workflow.errors import Refused, UsageError
from workflow.exports import catalog_sheet, catalog_template
from workflow.service import catalog, cycles
from workflow.service.context import Context
from workflow.service.cycles import EvidenceInput
from workflow.service.outputs import check_output
from workflow.service.views import EvidenceView
from workflow.storage.atomic import write_atomically

ENTITY = "Alcaldía Distrital de Santa Marta"


def template(ctx: Context, output: Path, force: bool = False) -> list[Path]:
    """Write the template (.xlsx, or .csv and its dictionary beside it); the paths written."""
    suffix = output.suffix.lower()
    if suffix == ".xlsx":
        check_output(ctx.settings, output, force)
        write_atomically(output, catalog_template.xlsx(), overwrite=force)
        return [output]
    if suffix == ".csv":
        dictionary = output.with_name(f"{output.stem}-diccionario.csv")
        check_output(ctx.settings, output, force)
        check_output(ctx.settings, dictionary, force)
        rows, words = catalog_template.csv_files()
        write_atomically(output, rows, overwrite=force)
        write_atomically(dictionary, words, overwrite=force)
        return [output, dictionary]
    raise UsageError("catalog.template_format", suffix=suffix or output.name)


HOJA_DE_VIDA = "hoja_vida_tramites"  # the record of activity 3 of MM-GAC-P-006 (ME-GAC-F-003)


@dataclass(frozen=True)
class SheetResult:
    codes: tuple[str, ...]
    attached: tuple[EvidenceView, ...] = ()


def sheet(ctx: Context, codes: Sequence[str] | None, output: Path, force: bool = False,
          cycle_id: str | None = None, attach: bool = False) -> SheetResult:
    """Write the hoja de vida of the given entries (None: all; with a cycle and no codes, the entries its
    events changed) as .xlsx or .html; with `attach`, attach the file to the cycle's current activity as
    its `hoja_vida_tramites` record (one transaction, like `cycle attach`)."""
    suffix = output.suffix.lower()
    if suffix not in (".xlsx", ".html", ".htm"):
        raise UsageError("catalog.sheet_format", suffix=suffix or output.name)
    if attach and cycle_id is None:
        raise UsageError("catalog.attach_needs_cycle")
    check_output(ctx.settings, output, force)
    if cycle_id is not None and codes is None:
        codes = catalog.changed_in_cycle(ctx, cycle_id)
        if not codes:
            raise Refused("catalog.cycle_changed_nothing", cycle=cycle_id)
    found = catalog.entries_of(ctx, codes)
    context = catalog_sheet.SheetContext(entity=ENTITY, generated_at=ctx.now_text()[:19] + "Z",
                                         dependencias={e.code: name for e, name in found if name})
    entries = [entry for entry, _ in found]
    content = catalog_sheet.xlsx(entries, context) if suffix == ".xlsx" else \
        catalog_sheet.html(entries, context).encode("utf-8")
    write_atomically(output, content, overwrite=force)
    attached: tuple[EvidenceView, ...] = ()
    if attach and cycle_id is not None:
        attached = tuple(cycles.attach(ctx, cycle_id, EvidenceInput(output, HOJA_DE_VIDA)))
    return SheetResult(codes=tuple(e.code for e in entries), attached=attached)
