"""Work done beside page writing: ``fn(*args)`` in a forked process.

Pelican writes pages on one core; a build that also makes a search index or
feeds can do that on the other core meanwhile, started once every item is
read (``all_generators_finalized``) and collected on ``finalized``:
``start_job`` and ``collect_job``.
"""

from __future__ import annotations

import multiprocessing
import os
import traceback


def _run(fn, args, sender):
    try:
        sender.send(("done", fn(*args)))
    except BaseException:  # noqa: BLE001 - the parent reports it
        sender.send(("failed", traceback.format_exc()))
    finally:
        sender.close()


class BackgroundJob:
    """``fn(*args)`` in a forked process (or inline when ``in_worker`` is false,
    e.g. to profile it); ``result()`` waits and returns its value."""

    def __init__(self, name, fn, *args, in_worker=True):
        self.name = name
        if not in_worker:
            self.process, self.value = None, fn(*args)
            return
        context = multiprocessing.get_context("fork")
        self.receiver, sender = context.Pipe(duplex=False)
        # Daemonic: if the build is refused later, the worker dies with it.
        self.process = context.Process(target=_run, args=(fn, args, sender), daemon=True)
        self.process.start()
        sender.close()

    def result(self):
        if self.process is None:
            return self.value
        try:
            status, payload = self.receiver.recv()
        except EOFError:
            status, payload = "failed", "the worker stopped without a result"
        self.process.join()
        if status != "done":
            raise RuntimeError(f"{self.name} failed:\n{payload}")
        return payload


# The build's jobs travel in its settings (one Pelican object, one build),
# from the signal that starts them to the one that collects them.
# Underscored: private state of this build, never shown on a page (plugins/rendering leaves it out of the keys).
JOBS_KEY = "_BACKGROUND_JOBS"


def start_job(settings, name, fn, *args, in_worker=True):
    """Start ``fn(*args)`` beside page writing, to be collected under ``name``."""
    settings.setdefault(JOBS_KEY, {})[name] = BackgroundJob(name, fn, *args, in_worker=in_worker)


def collect_job(settings, name):
    """Wait for the job started under ``name`` and return its value (a KeyError when none was started)."""
    return settings[JOBS_KEY].pop(name).result()


def stop_all_jobs():
    """End every process this one started and has not collected (its jobs, the render workers, the
    images pool), and wait for them: once it returns none of them writes anything more. A failed or
    refused build calls it before deleting its staging folder, which a job still writing there (a
    calendar's folder, a feed, a page) would otherwise make again."""
    # A process forked with os.fork (the preview's held build, common.warmbuild) inherits its parent's
    # list of children: those are its siblings, not its to stop.
    children = [child for child in multiprocessing.active_children() if child._parent_pid == os.getpid()]
    for child in children:
        child.terminate()
    for child in children:
        child.join()
