"""The audit trail as one self-contained HTML report for people: read on screen, printed, archived.

The package, by seam: `style` (the inline CSS), `template` (the page skeleton and the fragments,
which escape everything from the data), `cycles` (a cycle's summary and its section with the
traceability matrix), `report` (the streaming writer that puts them in order).

One file, inline CSS, no script, no external resource (it opens offline and prints the same anywhere).
Every text from the data goes through `html.escape`; every label through `t()` in the export's
language (`<html lang>` says which).

Layout, in the order it is written:

1. Document control (written at once, before any event is read): the organisation, and for each
   procedure code its version in force (the latest published) with title, process, publication time,
   the SHA-256 of the definition and its change control; when and by whom the export was made; the
   filters.
2. Integrity: the `audit verify` result taken at export time (intact, or the first bad seq and the
   problem; events in the log; evidence files checked) and the latest signed checkpoint (origin,
   events covered, head hash, time, key fingerprint, signature checked with the key kept beside it)
   or "no checkpoint taken".
3. Timeline: one table of every cycle event in log order (seq), each row written as its event is
   read: seq, time (UTC), cycle, actor name (login), role, area, event, activity, from -> to,
   evidence (display name, record, item, size, SHA-256), the item a waiver excused, note or reason.
4. One section per cycle (a page of its own when printed): procedure version, start, state at the
   last exported event, and the traceability matrix: for each activity of the cycle's procedure
   version and each record it requires, the evidence attached (display name, SHA-256, who, when),
   a required record of a completed activity without evidence shown as MISSING, "pending" for an
   activity not completed, "N/A" where the activity requires no record; evidence attached for one
   item of a multi-instance activity names the item (display name and id), and each item waived is a
   row of its own: which item, the reason, who and when.
5. Events outside any cycle (procedure publications, staff changes).

Memory bound. The source streams events by seq, so cycles interleave. The writer keeps, for each
cycle that is open in the stream, a compact summary (procedure version, completions per activity,
evidence per activity and record, deduplicated by SHA-256 and item) and nothing per event. When a
cycle reaches a terminal state its matrix is rendered into a spool file and the summary dropped, as
are rows of events outside any cycle; the spool (`SpooledTemporaryFile`: memory up to 1 MiB, then a
temporary file on disk) is copied after the timeline. Memory is therefore proportional to the
cycles still open within the exported range and their evidence, never to the number of events.
Consequence: cycle sections come in the order the cycles ended, then the cycles still open, in the
order of their first exported event.
"""

from workflow.exports.html_export.report import write

__all__ = ["write"]
