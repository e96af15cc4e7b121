"""Pages published as they are written: minified and compressed in a pool while
the build goes on, a page written again done again, the rest at the end."""

from __future__ import annotations

import gzip

from publishing import PAGE_BATCH, Publisher, core

PAGE = "<!DOCTYPE html>\n<html>\n<head>\n  <title>{}</title>\n</head>\n<body>\n" + "  <p>Testo di prova.</p>\n" * 60 + "</body>\n</html>\n"


def test_pages_sent_as_written_a_page_written_again_and_the_other_files_all_end_published(tmp_path):
    publisher = Publisher({"PUBLISH_WORKERS": 2})
    pages = [tmp_path / "it" / f"pagina-{n}" / "index.html" for n in range(PAGE_BATCH + 3)]
    for n, page in enumerate(pages):
        page.parent.mkdir(parents=True)
        page.write_text(PAGE.format(n), encoding="utf-8")
        publisher.page_written(str(page))
    assert publisher.futures, "a full batch goes to the pool before the build ends"
    for done in publisher.futures:
        done.result()
    pages[0].write_text(PAGE.format("riscritta"), encoding="utf-8")  # a page overridden later in the build
    publisher.page_written(str(pages[0]))
    feed = tmp_path / "feed.xml"
    feed.write_text("<feed>" + "<entry>uno</entry>" * 60 + "</feed>", encoding="utf-8")
    seen_before_the_rest = []
    publisher.finish(tmp_path, lambda: seen_before_the_rest.append(sorted(p.name for p in tmp_path.iterdir())))
    assert seen_before_the_rest == [["feed.xml", "it"]]  # no page's temporary file, no copy of the rest yet
    for n, page in enumerate(pages):
        expected = core.minify_page(PAGE.format("riscritta" if n == 0 else n)).encode()
        assert page.read_bytes() == expected, page
        assert gzip.decompress(page.with_name("index.html.gz").read_bytes()) == expected, page
    assert gzip.decompress((tmp_path / "feed.xml.gz").read_bytes()) == feed.read_bytes()
    assert not list(tmp_path.rglob("*.publishing"))


def test_with_one_worker_everything_is_published_at_the_end(tmp_path):
    publisher = Publisher({"PUBLISH_WORKERS": 1})
    page = tmp_path / "index.html"
    page.write_text(PAGE.format("uno"), encoding="utf-8")
    publisher.page_written(str(page))
    assert publisher.pool is None and page.read_text(encoding="utf-8") == PAGE.format("uno")
    publisher.finish(tmp_path, lambda: None)
    assert page.read_bytes() == core.minify_page(PAGE.format("uno")).encode()
    assert (tmp_path / "index.html.br").is_file()
