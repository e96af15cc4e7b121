"""Two builds of the same content with the same SOURCE_DATE_EPOCH are byte-identical."""

from __future__ import annotations

import hashlib
import sys

import pytest

from conftest import DRAWN_MARK, ROOT, run_site_build
from seo_fixtures import add_real_content

sys.path.insert(0, str(ROOT / "benchmarks"))


def digests(folder):
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.mark.parametrize("settings", ["pelicanconf.py", "publishconf.py"])
def test_two_builds_are_byte_identical(tmp_path, settings):
    from corpus import make_corpus

    content = make_corpus(tmp_path / "content", keys=24, words=60)
    add_real_content(content)
    # Both draw the brand mark, as a real build does: the drawing must be reproducible too.
    first = run_site_build(content, tmp_path / "first" / "output", settings=settings, cache=tmp_path / "cache-1",
                           extra=DRAWN_MARK)
    # Builds hash strings alike (common.sitebuild.build_env); the output must not depend on it.
    second = run_site_build(content, tmp_path / "second" / "output", settings=settings, cache=tmp_path / "cache-2",
                            extra=DRAWN_MARK, env={"PYTHONHASHSEED": "1"})
    assert first.returncode == 0 and second.returncode == 0, first.stderr + second.stderr
    one, two = digests(first.output), digests(second.output)
    assert len(one) > 50
    assert one.keys() == two.keys()
    assert [path for path in one if one[path] != two[path]] == []
