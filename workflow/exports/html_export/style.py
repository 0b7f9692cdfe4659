"""The report's style sheet, inline in the page: one file that opens offline and prints the same anywhere.

Screen: a sober table layout with monospace hashes that break in the middle. Print (A4 landscape):
headers repeated on every page, rows never split, each cycle's section and the events outside the
cycles on a page of their own, colours dropped so that a black-and-white copy keeps every mark.
No `url()` and no `@import`: the report must reach for nothing outside itself.
"""

CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font: 13px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
       color: #1b1f24; background: #fff; margin: 24px 32px; }
h1 { font-size: 22px; margin: 0 0 2px; }
h2 { font-size: 17px; color: #1f4e79; border-bottom: 2px solid #1f4e79; padding-bottom: 3px; margin: 30px 0 10px; }
h3 { font-size: 14px; margin: 18px 0 6px; }
p { margin: 4px 0 8px; }
.subtitle { color: #4a5361; margin: 0 0 14px; }
nav ol { margin: 4px 0 0; padding-left: 20px; columns: 2; max-width: 640px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 16px; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
th, td { border: 1px solid #c9ced6; padding: 4px 6px; text-align: left; vertical-align: top; }
thead th { background: #edf1f6; font-weight: 600; }
tbody tr:nth-child(even) { background: #f8f9fb; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.time, td.nowrap { white-space: nowrap; }
code, .sha { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace;
              font-size: 11px; }
.sha { word-break: break-all; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; }
.muted, small { color: #5b6472; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 3px 14px; margin: 6px 0 12px; }
dl.facts dt { font-weight: 600; color: #39414d; }
dl.facts dd { margin: 0; }
.status { font-weight: 700; padding: 6px 10px; border: 2px solid currentColor; display: inline-block;
          margin: 4px 0 8px; }
.ok { color: #17602e; }
.bad, .missing { color: #a3141b; font-weight: 700; }
.pending, .waived { color: #875400; }
.na { color: #5b6472; }
ul.evidence { margin: 0; padding-left: 16px; }
ul.evidence li { margin: 0 0 3px; }
td.evidence { min-width: 225px; }
td.notes { min-width: 140px; }
.matrix td.sha-cell { min-width: 240px; }
td time .clock { display: block; }
footer { margin-top: 28px; border-top: 1px solid #c9ced6; padding-top: 6px; color: #5b6472; font-size: 11px; }
@page { size: A4 landscape; margin: 12mm; }
@media print {
  body { margin: 0; font-size: 8.5pt; color: #000; }
  nav { display: none; }
  h2 { color: #000; border-color: #000; }
  thead { display: table-header-group; }
  tr, img { break-inside: avoid; page-break-inside: avoid; }
  thead th, tbody tr:nth-child(even) { background: none; }
  th, td { border-color: #777; }
  section.cycle, #other-events { break-before: page; page-break-before: always; }
  h2, h3, caption { break-after: avoid; page-break-after: avoid; }
  dl.facts, .status { break-inside: avoid; page-break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  .ok, .bad, .missing, .pending, .waived, .na, .muted, small { color: #000; }
}
"""
