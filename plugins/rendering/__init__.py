"""Page rendering on every core, and only of the pages whose inputs changed (issue 14).

Pelican renders every page in its main process, one after the other, on
every build. This plugin gives Pelican a writer (``get_writer``) that records
each page instead, and renders them all once every generator has written:
on every core (forked workers), and, with ``RENDER_CACHE`` (preview builds),
only the pages whose inputs changed since the last good build; the others are
hard-linked from output/. See writer.py for what a page's key holds and
docs/performance.md for the figures. Templates get the global ``once``: a macro
rendered once per set of arguments (fragments.py); every generator of a build
renders with one Jinja environment (``share_environment``).

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


# The build's one Jinja environment: its settings (one dict per build), and the first generator's
# template folders and environment.
_shared = {"settings": None, "paths": None, "environment": None}


def add_globals(generator):
    generator.env.globals["once"] = fragments.once


def share_environment(generator):
    """Every generator of a build renders with the first one's Jinja environment (connected last: the
    other plugins have added their filters and globals to each generator's own).

    Pelican gives each generator an environment of its own, made from the same settings, to which every
    plugin adds the same filters and globals (functions of the settings): so each of the dozen
    environments loaded every template it renders, and the imported ones' modules, again, and the render
    worker those not loaded yet when it forked (a cold build at 1,000 keys: 268 loads, 134 of them in the
    worker). One environment loads each template once per build (57 loads), and the flush loads the
    theme's before it forks the render workers (``preload_templates``). A generator whose template
    folders or names of filters, tests and globals differ keeps its own."""
    env = generator.env
    if _shared["settings"] is not generator.settings:
        _shared.update(settings=generator.settings, paths=list(generator._templates_path), environment=env)
        return
    first = _shared["environment"]
    if (generator._templates_path == _shared["paths"] and env.filters.keys() == first.filters.keys()
            and env.tests.keys() == first.tests.keys() and env.globals.keys() == first.globals.keys()):
        generator.env = first


def register():
    fastjinja.install()
    signals.generator_init.connect(add_globals)
    signals.generator_init.connect(share_environment)
    signals.get_writer.connect(provide_writer)
    signals.get_generators.connect(get_generators)
