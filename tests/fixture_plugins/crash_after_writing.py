"""A Pelican plugin that breaks a build after every page is written, for the
crash-path tests (tests/test_build_crash.py).

Setting ``CRASH_AFTER_WRITING``: "exception" raises an unexpected error on
``finalized``; "worker" starts a background job whose process dies without a
result and waits for it on ``finalized``, as the search and feeds plugins do.
"""

import os

from pelican import signals

from common.background import collect_job, start_job


def _start(generators):
    if generators[0].settings.get("CRASH_AFTER_WRITING") == "worker":
        start_job(generators[0].settings, "The dying worker", os._exit, 9)


def _crash(pelican):
    mode = pelican.settings.get("CRASH_AFTER_WRITING")
    if mode == "exception":
        written = sum(len([name for name in names if name.endswith(".html")])
                      for _, _, names in os.walk(pelican.output_path))
        raise ZeroDivisionError(f"an unexpected bug after {written} pages were written")
    if mode == "worker":
        collect_job(pelican.settings, "The dying worker")


def register():
    signals.all_generators_finalized.connect(_start)
    signals.finalized.connect(_crash)
