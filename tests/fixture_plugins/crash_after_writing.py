"""A Pelican plugin that breaks a build after every page is written, for the
crash-path tests (tests/test_build_crash.py).

Setting ``CRASH_AFTER_WRITING``: "exception" raises an unexpected error on
``finalized``; "worker" starts a background job whose process dies without a
result and waits for it on ``finalized``, as the search and feeds plugins do;
"late writer" starts a job that writes into the staging folder until it is
stopped (as a calendar or feeds job still running when the build fails), then
raises as "exception" does.
"""

import os
import time

from pelican import signals

from common.background import collect_job, start_job


def _write_until_stopped(output):
    while True:
        os.makedirs(os.path.join(output, "late"), exist_ok=True)
        with open(os.path.join(output, "late", "file.txt"), "w") as handle:
            handle.write("written while the build failed")
        time.sleep(0.001)


def _start(generators):
    settings = generators[0].settings
    if settings.get("CRASH_AFTER_WRITING") == "worker":
        start_job(settings, "The dying worker", os._exit, 9)
    if settings.get("CRASH_AFTER_WRITING") == "late writer":
        start_job(settings, "The late writer", _write_until_stopped, settings["OUTPUT_PATH"])


def _crash(pelican):
    mode = pelican.settings.get("CRASH_AFTER_WRITING")
    if mode in ("exception", "late writer"):
        written = sum(len([name for name in names if name.endswith(".html")])
                      for _, _, names in os.walk(pelican.output_path))
        raise ZeroDivisionError(f"an unexpected bug after {written} pages were written")
    if mode == "worker":
        collect_job(pelican.settings, "The dying worker")


def register():
    signals.all_generators_finalized.connect(_start)
    signals.finalized.connect(_crash)
