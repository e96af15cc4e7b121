"""A Pelican plugin whose Markdown kills the process that converts it unless it
is the build's main process: a reading worker that dies (tests/test_build_crash.py)."""

import os

from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from pelican import signals

MAIN = os.getpid()


class _ExitInAWorker(Preprocessor):
    def run(self, lines):
        if os.getpid() != MAIN:
            os._exit(9)
        return lines


class DieInAWorker(Extension):
    def extendMarkdown(self, md):
        md.preprocessors.register(_ExitInAWorker(md), "die_in_a_worker", 100)


def add_extension(pelican_object):
    pelican_object.settings["MARKDOWN"].setdefault("extensions", []).append(DieInAWorker())


def register():
    signals.initialized.connect(add_extension)
