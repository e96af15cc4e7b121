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

The process also keeps, unpickled, the build caches the last build read
(Pelican's content cache, the kept values of common.buildcache: about 24 MB
of pickles at 1,000 keys, 0.7 s of CPU to read): it reads them again once a
build is done, while the editor types, and the next child takes each from
memory (``PreloadedPickles``) when its file is still the one read, instead of
unpickling it.

A child whose build succeeded does not exit: it holds its build (common.heldbuild) and is offered
the next save first, which it applies in place when only one item's body, title or summary changed; for any
other save it declines and exits, and a new child builds the whole site (``forked_build``, ``Holder``).

The process is started again when a source file of a module it imported
changed (a plugin edited while the preview runs); the settings file is read
by every build, as before.

Requests and replies are JSON lines on the process's stdin and stdout:
``{"settings", "output", "overrides", "env"}`` in, ``{"returncode", "report"
(everything the build printed), "preloaded" (the cache files taken from
memory), "held" (applied to the held build), "declined" (else why the held
build declined it)}`` or ``{"restart": true}`` out. The held child speaks the
same request lines on a pipe of its own, and answers ``{"returncode", "report"}``
or ``{"declined"}``.
"""

from __future__ import annotations

import gc
import importlib
import io
import json
import os
import pickle
import subprocess
import sys
import tempfile
import traceback
from pathlib import Path

from common import heldbuild, sitebuild

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


def _stamp(found: os.stat_result) -> tuple:
    """What tells a file apart from the one read before: a rewrite changes its times, a replacement its inode."""
    return found.st_ino, found.st_size, found.st_mtime_ns, found.st_ctime_ns


class PreloadedPickles:
    """Pickle files read ahead ({path: (stamp, object)}) and handed to ``load`` in their place.

    ``install()`` (in a build's child only) makes ``pickle.load`` of a plain file take the object read
    ahead when the file still has the stamp it had then; each object is handed out once (a second
    load of a file gets its own copy, as from the file). Every file the build loads is listed in
    ``loaded``: the files to read ahead for the next build.
    """

    def __init__(self):
        self.kept = {}
        self.loaded = []
        self.taken = []

    def read_ahead(self, paths):
        """Read ``paths`` (those the last build loaded) again: their last build wrote them."""
        self.kept = {}
        gc.disable()  # millions of objects that all live on: the collector would scan them for nothing
        try:
            for path in dict.fromkeys(paths):  # a file loaded twice is read once
                try:
                    with open(path, "rb") as file:
                        self.kept[path] = (_stamp(os.fstat(file.fileno())), _unpickle(file))
                except Exception:  # noqa: BLE001 - gone, or unreadable here: the build reads it itself
                    continue
        finally:
            gc.enable()
        # Aged into the oldest generation once, here, not by the young collections of every child.
        gc.collect(1)

    def refresh(self):
        """Read again the files read ahead that were rewritten since (by a save the held build applied:
        the search plugin's kept values), so that the next whole build still takes them from memory."""
        stale = []
        for path, (stamp, _value) in self.kept.items():
            try:
                if _stamp(os.stat(path)) != stamp:
                    stale.append(path)
            except OSError:
                stale.append(path)
        kept, self.kept = self.kept, {}
        for path in stale:
            del kept[path]
        self.read_ahead(stale)
        self.kept = {**kept, **self.kept}

    def load(self, file, **options):
        path = getattr(file, "name", None)
        if type(file) is not io.BufferedReader or not isinstance(path, str):
            return _unpickle(file, **options)
        self.loaded.append(path)
        kept = self.kept.pop(path, None)
        if kept is not None and not options and kept[0] == _stamp(os.fstat(file.fileno())):
            self.taken.append(path)
            return kept[1]
        return _unpickle(file, **options)

    def install(self):
        pickle.load = self.load


_unpickle = pickle.load
PRELOADED = PreloadedPickles()


def forked_build(request) -> tuple[int, str, dict, Holder | None]:
    """Run one build in a forked child: (exit code, what it printed, {"modules": the modules it imported,
    "pickles": the pickle files it loaded, "taken": those of them it took from PRELOADED}, the child
    still holding its build (common.heldbuild) when the build succeeded, or None once it exited)."""
    sys.stdout.flush()
    sys.stderr.flush()
    with tempfile.TemporaryFile() as printed:
        asks, asked = os.pipe()  # this process's requests to the child holding its build
        answered, answers = os.pipe()  # the child's replies
        pid = os.fork()
        if pid == 0:  # the child: one build, then held or out
            code = 1
            os.close(asked)
            os.close(answered)
            try:
                os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
                os.dup2(printed.fileno(), 1)
                os.dup2(printed.fileno(), 2)
                os.environ.update(request.get("env") or {})
                PRELOADED.install()
                held = heldbuild.follow_build()
                code = sitebuild.build(request["settings"], request["output"], request.get("overrides"))
                holding = code == 0 and held.hold(request)
                facts = {"code": code, "modules": sorted(sys.modules), "pickles": PRELOADED.loaded,
                         "taken": PRELOADED.taken, "held": holding}
                sys.stdout.flush()
                sys.stderr.flush()
                with os.fdopen(answers, "w", encoding="utf-8") as replies:
                    replies.write(json.dumps(facts) + "\n")
                    replies.flush()
                    if holding:
                        held.prepare()
                        with os.fdopen(asks, encoding="utf-8") as requests:
                            _hold(held, requests, replies)
            except BaseException:  # noqa: BLE001 - reported like a failed build
                traceback.print_exc()
            finally:
                sitebuild.exit_at_once(code)
        os.close(asks)
        os.close(answers)
        replies = os.fdopen(answered, encoding="utf-8")
        line = replies.readline()
        printed.seek(0)
        report = printed.read().decode("utf-8", errors="replace")
        facts = json.loads(line) if line else {"modules": [], "pickles": [], "taken": [], "held": False}
        if facts["held"]:
            return facts["code"], report, facts, Holder(pid, os.fdopen(asked, "w", encoding="utf-8"), replies)
        os.close(asked)
        replies.close()
        _, status = os.waitpid(pid, 0)
        return os.waitstatus_to_exitcode(status), report, facts, None


def _hold(held, requests, replies):
    """The child holding its build: apply each body, title or summary edit it is asked to, until one it declines."""
    for line in requests:
        try:
            answer = {"returncode": 0, "report": held.apply(json.loads(line))}
        except heldbuild.Declined as exc:
            answer = {"declined": str(exc)}
        except BaseException:  # noqa: BLE001 - the full build runs instead, from a process in a known state
            answer = {"declined": traceback.format_exc()}
        if "declined" in answer:
            held.discard()
        replies.write(json.dumps(answer) + "\n")
        replies.flush()
        if "declined" in answer:
            return
        held.prepare()  # the next staging folder, while the editor types
    held.discard()  # this process stops: the preview stopped, or its code changed


class Holder:
    """This process's side of a child holding its build: ``apply(request)`` is its reply, or None when
    it declined (then it has exited: the full build runs)."""

    def __init__(self, pid, requests, replies):
        self.pid, self.requests, self.replies = pid, requests, replies

    def apply(self, request):
        try:
            self.requests.write(json.dumps(request) + "\n")
            self.requests.flush()
            line = self.replies.readline()
        except BrokenPipeError:
            line = ""
        answer = json.loads(line) if line else {"declined": "the held build stopped"}
        if "declined" in answer:
            self.stop()
        return answer

    def stop(self):
        """Close its requests (it exits when it reads their end) and wait for it."""
        for stream in (self.requests, self.replies):
            try:
                stream.close()
            except BrokenPipeError:
                pass
        os.waitpid(self.pid, 0)


def serve(requests=sys.stdin, replies=sys.stdout):
    """Answer build requests until stdin closes or a source file changes."""
    from pelican import Pelican  # noqa: F401, PLC0415 - imported ahead for every build

    sources = imported_sources()
    frozen = False
    holder = None
    try:
        for line in requests:
            request = json.loads(line)
            if changed_sources(sources):
                replies.write(json.dumps({"restart": True}) + "\n")
                replies.flush()
                return
            declined = None
            if holder is not None:
                answer = holder.apply(request)
                if "declined" not in answer:
                    replies.write(json.dumps({**answer, "preloaded": [], "held": True}) + "\n")
                    replies.flush()
                    PRELOADED.refresh()
                    continue
                holder, declined = None, answer["declined"]
            code, report, facts, holder = forked_build(request)
            replies.write(json.dumps({"returncode": code, "report": report, "preloaded": facts["taken"],
                                      "held": False, "declined": declined}) + "\n")
            replies.flush()
            # The settings file is read by each build, never imported ahead.
            settings_module = {Path(request["settings"]).stem}
            import_ahead(facts["modules"], skip=settings_module)
            import_ahead(with_plugin_modules(facts["modules"]), skip=settings_module)
            sources = imported_sources()
            if not frozen:
                # What is imported stays shared with the children: their collector need not scan it. Only
                # once: a frozen object is never freed, and the caches read ahead change with every build.
                gc.freeze()
                frozen = True
            # The caches read ahead for the last build are let go (their cycles collected), then this
            # build's are read: after the reply, while the editor types (a save that comes meanwhile
            # waits for them, and takes them from memory).
            PRELOADED.kept = {}
            gc.collect()
            PRELOADED.read_ahead(facts["pickles"])
    finally:
        if holder is not None:
            holder.stop()


class WarmBuilder:
    """``build(output, overrides, settings_file, env)`` -> (exit code, report), in the pre-warmed process."""

    def __init__(self):
        self.process = None
        self.preloaded = []  # the pickle files the last build took from the process's memory
        self.held = False  # whether the last save was applied to the held build (common.heldbuild)
        self.declined = None  # else why the held build declined it (None: there was none)

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
                self.preloaded, self.held, self.declined = answer["preloaded"], answer["held"], answer.get("declined")
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
