"""Files the catalogue writes: the import template and the hoja de vida (ME-GAC-F-003) of entries.

Outputs are checked before any work (never over what the program reads; an existing file only with
`force`) and written atomically.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from workflow.errors import UsageError
from workflow.exports import catalog_sheet, catalog_template
from workflow.service import catalog
from workflow.service.context import Context
from workflow.service.outputs import check_output
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


def sheet(ctx: Context, codes: Sequence[str] | None, output: Path, force: bool = False) -> int:
    """Write the hoja de vida of the given entries (None: all) as .xlsx or .html; how many."""
    suffix = output.suffix.lower()
    if suffix not in (".xlsx", ".html", ".htm"):
        raise UsageError("catalog.sheet_format", suffix=suffix or output.name)
    check_output(ctx.settings, output, force)
    found = catalog.entries_of(ctx, codes)
    context = catalog_sheet.SheetContext(entity=ENTITY, generated_at=ctx.now_text()[:19] + "Z",
                                         dependencias={e.code: name for e, name in found if name})
    entries = [entry for entry, _ in found]
    content = catalog_sheet.xlsx(entries, context) if suffix == ".xlsx" else \
        catalog_sheet.html(entries, context).encode("utf-8")
    write_atomically(output, content, overwrite=force)
    return len(entries)
