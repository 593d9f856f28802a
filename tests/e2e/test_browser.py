"""The SPA in headless Chromium (@playwright/test) against the service started as `make dev` does.

The scenario is frontend/e2e/journey.spec.ts, run once per project (desktop 1280x900, phone 390x844);
it saves screenshots of every page at both widths into test-output/screenshots and fails on any
console error. Playwright's JSON report says how many tests ran and how they ended.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from tests.support.stack import ROOT

# The scenario runs twice (desktop, phone) in one browser session: longer than the suite's 300 s default.
pytestmark = [pytest.mark.xdist_group("stack"), pytest.mark.timeout(900)]

OUTPUT = ROOT / "test-output"
SCREENSHOTS = OUTPUT / "screenshots"
REPORT = OUTPUT / "playwright-report.json"


def test_browser_scenario(live_stack):
    assert (ROOT / "frontend/dist/index.html").exists(), "build the SPA first (make frontend-build)"
    assert shutil.which("chromium") or os.path.exists("/usr/bin/chromium"), "apt-get install chromium"
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    REPORT.unlink(missing_ok=True)
    env = os.environ | {
        "E2E_BASE_URL": live_stack.base_url,
        "E2E_ADMIN_EMAIL": live_stack.admin_email,
        "E2E_ADMIN_PASSWORD": live_stack.admin_password,
        "E2E_SCREENSHOTS": str(SCREENSHOTS),
        "E2E_REPORT": str(REPORT),
    }
    result = subprocess.run(
        ["npx", "playwright", "test"],
        cwd=ROOT / "frontend",
        env=env,
        capture_output=True,
        text=True,
        timeout=840,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-6000:] + "\n--- backend log ---\n" + live_stack.log_tail(40)

    stats = json.loads(REPORT.read_text())["stats"]
    assert stats["unexpected"] == 0 and stats["flaky"] == 0 and stats["skipped"] == 0, stats
    assert stats["expected"] >= 2 * 10, stats  # the whole scenario in both projects

    shots = {p.name for p in SCREENSHOTS.glob("*.png")}
    pages = {name.rsplit("-", 1)[0] for name in shots}
    # Every page at both widths, except the open phone menu (the menu is not folded at 1280 px).
    expected = {f"{page}-{width}.png" for page in pages for width in ("desktop", "phone")}
    missing = expected - shots - {"14-nav-open-desktop.png"}
    assert len(pages) >= 17 and not missing, sorted(shots)
