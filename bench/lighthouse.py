"""Lighthouse on the home page, when it can be installed from the npm registry."""

import json
import os
import shutil
import subprocess
from pathlib import Path

from harness import BENCH, RESULTS


def lighthouse(url: str) -> dict | None:
    """Lighthouse mobile scores, offline, with Debian's Chromium; None where it cannot run."""
    tool = BENCH / ".lighthouse"
    if not shutil.which("npm") or not Path("/usr/bin/chromium").exists():
        return None
    if not (tool / "node_modules" / ".bin" / "lighthouse").exists():
        tool.mkdir(exist_ok=True)
        subprocess.run(
            ["npm", "install", "--prefix", str(tool), "--silent", "lighthouse@12"],
            check=False,
            capture_output=True,
        )
    binary = tool / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        return None
    report = RESULTS / "lighthouse.json"
    for _attempt in range(2):  # Lighthouse's trace sometimes fails (NO_NAVSTART): try again
        scores = _lighthouse_once(binary, url, report)
        if scores and scores.get("performance") is not None:
            break
    return scores


def _lighthouse_once(binary: Path, url: str, report: Path) -> dict | None:
    report.unlink(missing_ok=True)
    subprocess.run(
        [
            str(binary),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            "--only-categories=performance,accessibility,seo",
            "--chrome-flags=--headless --no-sandbox --disable-gpu --disable-background-networking",
        ],
        env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"},
        check=False,
        capture_output=True,
    )
    if not report.exists():
        return None
    data = json.loads(report.read_text())
    scores = {
        key: None if value["score"] is None else round(value["score"] * 100)
        for key, value in data["categories"].items()
    }
    if data.get("runtimeError"):
        scores["error"] = data["runtimeError"].get("message", "")[:200]
    return scores
