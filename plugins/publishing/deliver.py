"""Copy a built site to its destination: a local folder or an rsync target."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

# user@host:path, host:path or rsync://host/module; a Windows drive letter is no host.
_REMOTE = re.compile(r"^(rsync://|[^/\s:]{2,}:)")


def is_remote(target: str) -> bool:
    return bool(_REMOTE.match(target))


def rsync_command(source: Path, target: str):
    """Mirror ``source`` into ``target``: files no longer built are removed there;
    checksums, not times, decide what changed (every build rewrites every file)."""
    return ["rsync", "--recursive", "--links", "--times", "--checksum", "--delete-after", "--human-readable",
            "--stats", f"{Path(source)}/", target.rstrip("/") + "/"]


def ensure_rsync(run=subprocess.run):
    """Install rsync with apt-get when it is missing (the publishing machine is Debian)."""
    if shutil.which("rsync"):
        return
    print("rsync is missing: installing it with apt-get")
    prefix = [] if _is_root() else ["sudo"]
    run(prefix + ["apt-get", "update", "-qq"], check=True)
    run(prefix + ["apt-get", "install", "-y", "-qq", "rsync"], check=True)


def _is_root():
    import os

    return hasattr(os, "geteuid") and os.geteuid() == 0


def deliver(source: Path, target: str, run=subprocess.run):
    """Mirror ``source`` into ``target`` with rsync; returns the command run."""
    ensure_rsync(run)
    if not is_remote(target):
        Path(target).mkdir(parents=True, exist_ok=True)
    command = rsync_command(source, target)
    run(command, check=True)
    return command
