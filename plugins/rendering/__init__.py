"""Page rendering on every core, and only of the pages whose inputs changed (issue 14).

Pelican renders every page in its main process, one after the other, on
every build. This plugin gives Pelican a writer (``get_writer``) that records
each page instead, and renders them all once every generator has written:
on every core (forked workers), and, with ``RENDER_CACHE`` (preview builds),
only the pages whose inputs changed since the last good build; the others are
hard-linked from output/. See writer.py for what a page's key holds and
docs/performance.md for the figures.

Settings: ``RENDER_WORKERS`` (default: one per core), ``RENDER_CACHE``
(default off; ``pelicanconf.py`` turns it on), ``RENDER_PREVIOUS_OUTPUT``
(set by common.sitebuild: the output/ that the staging folder replaces).

List this plugin last in ``PLUGINS``: its flush is the last generator, so
the pages of generators listed after it would be rendered one by one.
"""

from pelican import signals
from pelican.generators import Generator

from . import fastjinja, fragments
from .writer import RenderingWriter


class RenderFlush(Generator):
    """The last plugin generator: renders the pages every other generator recorded."""

    def generate_context(self):
        pass

    def generate_output(self, writer):
        self.writer = writer  # the build's writer and its pages, for common.heldbuild
        if isinstance(writer, RenderingWriter):
            writer.flush()


def provide_writer(pelican_object):
    return RenderingWriter


def get_generators(pelican_object):
    return RenderFlush


def add_globals(generator):
    generator.env.globals["once"] = fragments.once


def register():
    fastjinja.install()
    signals.generator_init.connect(add_globals)
    signals.get_writer.connect(provide_writer)
    signals.get_generators.connect(get_generators)
