"""A Pelican plugin whose pages kill the process that renders them unless it is
the build's main process: a render worker that dies (tests/test_build_crash.py)."""

import os

from pelican import signals
from pelican.generators import Generator

MAIN = os.getpid()


class DyingPages(Generator):
    def generate_output(self, writer):
        template = self.env.from_string("{{ die() }}")
        # In the last top folder: the render workers claim pages from the last (rendering.writer.render_all).
        for number in range(40):
            writer.write_file(f"zz-dying/{number}.html", template, self.context, die=_die_in_a_worker)


def _die_in_a_worker():
    if os.getpid() != MAIN:
        os._exit(9)
    return "rendered by the main process"


def get_generators(pelican_object):
    return DyingPages


def register():
    signals.get_generators.connect(get_generators)
