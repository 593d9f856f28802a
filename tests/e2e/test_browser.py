"""The SPA in headless Chromium (@playwright/test) against the service started as `make dev` does.

Each spec in frontend/e2e runs as its own test, once per project (desktop 1280x900, phone 390x844),
against one live stack: the journey (register, top up, design, history, admin), tabs sharing a login,
the studio loop (variants, a photo, reuse), redraw and live previews, and sharing with a client. They
save screenshots into test-output/screenshots and fail on any console error or axe violation.
Playwright's JSON report says how many tests ran and how they ended.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from tests.support.stack import ROOT

# Each spec runs twice (desktop, phone) in one browser session: longer than the suite's 300 s default.
pytestmark = [pytest.mark.xdist_group("stack"), pytest.mark.timeout(900)]

OUTPUT = ROOT / "test-output"
SCREENSHOTS = OUTPUT / "screenshots"
SPECS = sorted(p.name for p in (ROOT / "frontend/e2e").glob("*.spec.ts"))


def run_spec(live_stack, spec: str) -> tuple[dict, str]:
    assert (ROOT / "frontend/dist/index.html").exists(), "build the SPA first (make frontend-build)"
    assert shutil.which("chromium") or os.path.exists("/usr/bin/chromium"), "apt-get install chromium"
    report = OUTPUT / f"playwright-{spec.removesuffix('.spec.ts')}.json"
    report.unlink(missing_ok=True)
    env = os.environ | {
        "E2E_BASE_URL": live_stack.base_url,
        "E2E_ADMIN_EMAIL": live_stack.admin_email,
        "E2E_ADMIN_PASSWORD": live_stack.admin_password,
        "E2E_SCREENSHOTS": str(SCREENSHOTS),
        "E2E_REPORT": str(report),
    }
    result = subprocess.run(
        ["npx", "playwright", "test", f"e2e/{spec}"],
        cwd=ROOT / "frontend",
        env=env,
        capture_output=True,
        text=True,
        timeout=840,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-6000:] + "\n--- backend log ---\n" + live_stack.log_tail(40)
    stats = json.loads(report.read_text())["stats"]
    assert stats["unexpected"] == 0 and stats["flaky"] == 0 and stats["skipped"] == 0, stats
    return stats, output


def test_every_spec_is_run():
    assert {"journey.spec.ts", "tabs.spec.ts"} <= set(SPECS), SPECS


@pytest.mark.parametrize("spec", [s for s in SPECS if s != "journey.spec.ts"])
def test_browser_spec(live_stack, spec):
    stats, _ = run_spec(live_stack, spec)
    assert stats["expected"] >= 1, stats


def test_browser_journey(live_stack):
    for stale in SCREENSHOTS.glob("[0-9][0-9]*.png"):  # the journey's pages are numbered
        stale.unlink()
    stats, _ = run_spec(live_stack, "journey.spec.ts")
    assert stats["expected"] >= 2 * 10, stats  # the whole scenario in both projects

    shots = {p.name for p in SCREENSHOTS.glob("[0-9][0-9]*.png")}
    pages = {name.rsplit("-", 1)[0] for name in shots}
    # Every page at both widths, except the open phone menu (the menu is not folded at 1280 px).
    expected = {f"{page}-{width}.png" for page in pages for width in ("desktop", "phone")}
    missing = expected - shots - {"14-nav-open-desktop.png"}
    assert len(pages) >= 17 and not missing, sorted(shots)
