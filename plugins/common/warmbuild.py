"""A pre-warmed build process for the preview (`invoke serve`): no fresh interpreter per save.

A fresh interpreter spends about two seconds of CPU importing Pelican,
Markdown, Jinja, the plugins and their libraries before it reads a file. The
preview's ``WarmBuilder`` keeps one process (``python -m common.warmbuild``,
started with ``sitebuild.build_env``) that has imported them, and that forks
a child for each build: plugins connect to Pelican's process-wide signals, so
each build still runs in a process of its own, as with ``sitebuild.run_build``,
and starts from the same state. After each build the process imports every
module the child imported (the plugins' lazy imports too, e.g. lunr), so the
next child has them all.

The process is started again when a source file of a module it imported
changed (a plugin edited while the preview runs); the settings file is read
by every build, as before.

Requests and replies are JSON lines on the process's stdin and stdout:
``{"settings", "output", "overrides", "env"}`` in, ``{"returncode", "report"}``
(everything the build printed) or ``{"restart": true}`` out.
"""

from __future__ import annotations

import gc
import importlib
import json
import os
import subprocess
import sys
import tempfile
import traceback
from pathlib import Path

from common import sitebuild

# Never imported ahead: the interpreter's own entry points.
NOT_AHEAD = {"__main__", "__mp_main__"}


def imported_sources(modules=None) -> dict:
    """{source file: modification time} of the imported modules that come from files."""
    sources = {}
    for module in list((sys.modules if modules is None else modules).values()):
        path = getattr(module, "__file__", None)
        if path and path.endswith(".py"):
            try:
                sources[path] = os.stat(path).st_mtime_ns
            except OSError:
                continue
    return sources


def changed_sources(sources: dict) -> list:
    """The files of ``sources`` (imported_sources()) that changed or disappeared since."""
    changed = []
    for path, mtime in sources.items():
        try:
            if os.stat(path).st_mtime_ns != mtime:
                changed.append(path)
        except OSError:
            changed.append(path)
    return changed


def import_ahead(names, skip=()):
    """Import the modules ``names`` (a build's sys.modules) that this process has not imported."""
    for name in names:
        if name in sys.modules or name in NOT_AHEAD or name in skip:
            continue
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - a module that imports only inside a build is imported there
            continue


def with_plugin_modules(names):
    """``names`` and every module of the plugin packages among them: a plugin may import a module
    only in the jobs it forks (search imports lunr there), and those are forked from the build."""
    plugins = str(sitebuild.ROOT / "plugins")
    packages = [name for name in names if "." not in name and
                str(getattr(sys.modules.get(name), "__file__", "") or "").startswith(plugins)]
    found = list(names)
    for package in packages:
        folder = Path(sys.modules[package].__file__).parent
        found += [f"{package}.{path.stem}" for path in sorted(folder.glob("*.py")) if path.stem != "__init__"]
    return found


def forked_build(request) -> tuple[int, str, list]:
    """Run one build in a forked child: (exit code, what it printed, the modules it imported)."""
    sys.stdout.flush()
    sys.stderr.flush()
    with tempfile.TemporaryFile() as printed, tempfile.TemporaryFile() as modules:
        pid = os.fork()
        if pid == 0:  # the child: one build, then out
            code = 1
            try:
                os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
                os.dup2(printed.fileno(), 1)
                os.dup2(printed.fileno(), 2)
                os.environ.update(request.get("env") or {})
                code = sitebuild.build(request["settings"], request["output"], request.get("overrides"))
                modules.write(json.dumps(sorted(sys.modules)).encode("utf-8"))
                modules.flush()
            except BaseException:  # noqa: BLE001 - reported like a failed build
                traceback.print_exc()
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        printed.seek(0)
        modules.seek(0)
        names = modules.read()
        return (os.waitstatus_to_exitcode(status), printed.read().decode("utf-8", errors="replace"),
                json.loads(names) if names else [])


def serve(requests=sys.stdin, replies=sys.stdout):
    """Answer build requests until stdin closes or a source file changes."""
    from pelican import Pelican  # noqa: F401, PLC0415 - imported ahead for every build

    sources = imported_sources()
    for line in requests:
        request = json.loads(line)
        if changed_sources(sources):
            replies.write(json.dumps({"restart": True}) + "\n")
            replies.flush()
            return
        code, report, names = forked_build(request)
        replies.write(json.dumps({"returncode": code, "report": report}) + "\n")
        replies.flush()
        # The settings file is read by each build, never imported ahead.
        settings_module = {Path(request["settings"]).stem}
        import_ahead(names, skip=settings_module)
        import_ahead(with_plugin_modules(names), skip=settings_module)
        sources = imported_sources()
        # What is imported stays shared with the children: the collector need not scan it again.
        gc.freeze()


class WarmBuilder:
    """``build(output, overrides, settings_file, env)`` -> (exit code, report), in the pre-warmed process."""

    def __init__(self):
        self.process = None

    def _start(self):
        self.process = subprocess.Popen([sys.executable, "-m", "common.warmbuild"], cwd=sitebuild.ROOT,
                                        env=sitebuild.build_env(), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        text=True)

    def build(self, output, overrides=None, settings_file=sitebuild.ROOT / "pelicanconf.py", env=None):
        request = json.dumps({"settings": str(settings_file), "output": str(output), "overrides": overrides or {},
                              "env": env or {}})
        for _ in range(2):
            if self.process is None or self.process.poll() is not None:
                self._start()
            try:
                self.process.stdin.write(request + "\n")
                self.process.stdin.flush()
                reply = self.process.stdout.readline()
            except BrokenPipeError:
                reply = ""
            if reply and not json.loads(reply).get("restart"):
                answer = json.loads(reply)
                return answer["returncode"], answer["report"].strip()
            self.close()
        raise RuntimeError("the build process stopped without an answer")

    def close(self):
        """Stop the process (it exits once its stdin is closed)."""
        if self.process is not None:
            try:
                self.process.stdin.close()
            except BrokenPipeError:  # it had stopped already
                pass
            self.process.wait()
            self.process = None


if __name__ == "__main__":
    serve()
