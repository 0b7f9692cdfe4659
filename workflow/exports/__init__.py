"""Exports of the audit trail, one module per format, each a streaming writer over `ExportEvent`s.

Every writer has the same shape: `write(events, out, context) -> int` (how many events it wrote),
where `events` is an iterator that is read once, `out` a binary file opened by the caller (who
writes to a temporary name, fsyncs and renames), and `context` the facts around the events. Writers
keep memory flat: nothing is collected per event except what a format cannot do without (the XES
writer needs events grouped by cycle, which the source provides by ordering, not by buffering).

May import: `workflow.core`, `errors`, `i18n` and the format libraries (xlsxwriter). Never storage,
service or cli: the service reads the rows and hands the writers plain `ExportEvent`s.
"""

from workflow.exports.source import FORMATS, EvidenceRef, ExportContext, ExportEvent

__all__ = ["FORMATS", "EvidenceRef", "ExportContext", "ExportEvent"]
