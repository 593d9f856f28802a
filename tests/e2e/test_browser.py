"""The SPA in headless Chromium (playwright-core) against the service started as `make dev` does.

The scenario itself is frontend/e2e/run.mjs; it saves screenshots of every page at desktop and
phone widths into test-output/screenshots and fails on any console error.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from tests.support.stack import ROOT

pytestmark = pytest.mark.xdist_group("stack")

SCREENSHOTS = ROOT / "test-output" / "screenshots"


def test_browser_scenario(live_stack):
    assert (ROOT / "frontend/dist/index.html").exists(), "build the SPA first (make frontend-build)"
    assert shutil.which("chromium") or os.path.exists("/usr/bin/chromium"), "apt-get install chromium"
    env = os.environ | {
        "E2E_BASE_URL": live_stack.base_url,
        "E2E_ADMIN_EMAIL": live_stack.admin_email,
        "E2E_ADMIN_PASSWORD": live_stack.admin_password,
        "E2E_SCREENSHOTS": str(SCREENSHOTS),
    }
    result = subprocess.run(
        ["npm", "run", "--silent", "e2e"], cwd=ROOT / "frontend", env=env, capture_output=True, text=True,
        timeout=600,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-6000:] + "\n--- backend log ---\n" + live_stack.log_tail(40)
    assert " 0 failed" in output, output[-3000:]
    shots = sorted(p.name for p in SCREENSHOTS.glob("*.png"))
    assert any("phone" in s for s in shots) and any("desktop" in s for s in shots), shots
