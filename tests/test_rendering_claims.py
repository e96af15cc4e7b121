"""How the render processes share the pages (plugins/rendering/writer.py, ``Claims`` and ``render_all``): the
main process from the first page, the workers from the last, the pages ordered by their top folder (a
language's), so that each process renders the pages of other items than the other's as far as it can."""

import os
import time

import jinja2

from common.background import BackgroundJob
from rendering.writer import CLAIM, Claims, Job, render_all


def test_the_main_process_claims_from_the_first_page_and_a_worker_from_the_last_each_page_once():
    claims = Claims(CLAIM * 40 + 3)
    worker = BackgroundJob("claims", list, claims.from_end())
    mine = list(claims)
    theirs = worker.result()
    assert sorted(mine + theirs) == list(range(CLAIM * 40 + 3))
    assert mine == list(range(len(mine)))  # what the worker left: the first pages, in order
    assert sorted(theirs) == list(range(len(mine), CLAIM * 40 + 3))


def _slow_pid():
    time.sleep(0.002)  # long enough for the worker to start while pages are left
    return os.getpid()


def test_the_pages_of_a_top_folder_are_rendered_together(tmp_path):
    environment = jinja2.Environment()
    environment.globals["pid"] = _slow_pid
    template = environment.from_string("{{ pid() }}")
    names = [f"{lang}/pagina-{n}/index.html" for n in range(100) for lang in ("it", "en")]  # languages interleaved
    jobs = [Job(index, name, str(tmp_path / name), template, {}, {"localsiteurl": ""}, {}, "")
            for index, name in enumerate(names)]
    assert render_all(jobs, 2) == {}
    pids = [(tmp_path / name).read_text() for name in sorted(names, key=lambda name: name.partition("/")[0])]
    assert len(set(pids)) == 2  # both processes rendered
    # In the order of the top folders (en/, then it/), the main process's pages and then the worker's.
    assert sum(pid != before for before, pid in zip(pids, pids[1:])) == 1
    assert pids[0] == str(os.getpid())
