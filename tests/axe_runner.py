"""axe-core (tools/axe, from npm) run inside headless Chromium over a page on disk.

No browser driver: a copy of the page beside it loads axe.min.js, runs the WCAG 2.1 A/AA rules once
the page has loaded and writes the violations into the DOM, which Chromium prints (`--dump-dom`,
with a virtual-time budget so that the run finishes before the dump). `missing()` says what is not
installed, for the tests to skip with the reason.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
AXE = ROOT / "tools" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
_HARNESS = """<script src="{axe}"></script><script>
axe.run(document, {{runOnly: {{type: "tag", values: {tags}}}, resultTypes: ["violations"]}})
 .then(function (r) {{ document.documentElement.setAttribute("data-axe", JSON.stringify(
   r.violations.map(function (v) {{ return {{id: v.id, impact: v.impact, help: v.help,
     nodes: v.nodes.map(function (n) {{ return n.html; }})}}; }}))); }})
 .catch(function (e) {{ document.documentElement.setAttribute("data-axe",
   JSON.stringify([{{id: "axe-error", help: String(e)}}])); }});
</script>"""


def chromium() -> str | None:
    return next((found for name in ("chromium", "chromium-browser", "google-chrome") if (found := shutil.which(name))),
                None)


def missing() -> str | None:
    if chromium() is None:
        return "headless Chromium is not installed (Debian: apt-get install chromium)"
    if not AXE.is_file():
        return f"axe-core is not installed at {AXE} (npm ci --prefix tools/axe)"
    return None


def _flags(profile: str) -> list[str]:
    return ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            f"--user-data-dir={profile}"]


def axe_violations(page: Path) -> list[dict[str, Any]]:
    """The WCAG 2.1 A/AA violations axe finds in `page` (an HTML file whose links are relative)."""
    browser = chromium()
    assert browser is not None
    text = page.read_text(encoding="utf-8")
    harness = _HARNESS.format(axe=AXE.as_uri(), tags=json.dumps(TAGS))
    probe = page.with_name(page.stem + ".axe-probe.html")
    probe.write_text(text.replace("</body>", harness + "</body>"), encoding="utf-8")
    try:
        with tempfile.TemporaryDirectory() as profile:
            out = subprocess.run([browser, *_flags(profile), "--virtual-time-budget=15000", "--dump-dom",
                                  probe.as_uri()], capture_output=True, text=True, timeout=120, check=False)
    finally:
        probe.unlink()
    found = re.search(r'<html[^>]*\sdata-axe="([^"]*)"', out.stdout)
    assert found, f"axe did not report on {page}: {out.stderr[-2000:]}"
    result: list[dict[str, Any]] = json.loads(html.unescape(found.group(1)))
    return result


def screenshot(page: Path, png: Path, width: int = 1280, height: int = 1600) -> None:
    browser = chromium()
    assert browser is not None
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([browser, *_flags(profile), f"--screenshot={png}", f"--window-size={width},{height}",
                        "--hide-scrollbars", page.as_uri()], capture_output=True, timeout=120, check=False)
