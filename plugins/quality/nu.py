"""The Nu Html Checker (npm vnu-jar) over written pages, in one JVM run."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from .report import ERROR, WARNING, Finding

# vnu checks pages as file: URLs, whose origin never matches the
# Content-Security-Policy 'self', and it counts JSON-LD data blocks as inline
# scripts: both would be reported on every page although browsers serving the
# site over HTTP block nothing. With --verbose, vnu also says of every other
# file (CSS, images) that it was not checked: the pages it did check are
# counted from its list of checked files instead.
IGNORED = ".*Content Security Policy.*|File was not checked\\. Files must have .*"
VNU_JAR = Path(__file__).resolve().parents[2] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def start(folder: Path, jar: Path = VNU_JAR):
    """Start vnu on every HTML file under ``folder``; read the result with ``findings``."""
    # --verbose: vnu names on stdout each file it checked, so the report can
    # say how many pages were validated rather than how many exist.
    # -XX:TieredStopAtLevel=1: the JIT's quick tier only. A run is short (seconds) and ends before the
    # optimising tier pays for itself: on 185 pages it took 15.5 s of CPU without the flag, 6.2 s with
    # it (and less wall), same messages.
    command = ["java", "-XX:TieredStopAtLevel=1", "-Xss4m", "-jar", str(jar), "--format", "json", "--skip-non-html",
               "--exit-zero-always", "--verbose", "--filterpattern", IGNORED, str(folder)]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def findings(process, folder: Path):
    """(findings, the site-relative paths of the pages vnu checked)."""
    stdout, stderr = process.communicate()
    report = json.loads(stderr or '{"messages": []}')
    folder = Path(folder).resolve()
    checked = {_site_path(line.strip(), folder) for line in stdout.splitlines() if line.strip()}
    return parse(report, folder), checked


def _site_path(path, folder):
    try:
        return Path(path).resolve().relative_to(folder).as_posix()
    except ValueError:
        return path


def parse(report, folder: Path):
    """Errors stay errors; vnu's warnings are warnings; its info lines are dropped."""
    found = []
    for message in report.get("messages", []):
        kind = message.get("type")
        if kind == "error" or message.get("subType") == "fatal":
            severity = ERROR
        elif kind == "info" and message.get("subType") == "warning":
            severity = WARNING
        else:
            continue
        path = _site_path(message.get("url", "").removeprefix("file:"), folder)
        found.append(Finding("html", path, message.get("lastLine"), message.get("message", "").strip(), severity))
    return found
