"""The <img> to <picture> rewrite of rendered Markdown, on plain strings:
which tags are read, how their attributes are decoded, which sources are
content files, and which picture may load eagerly."""

from __future__ import annotations

import pytest

from images.markup import attributes, rewrite_images, static_target


def test_attributes_are_read_with_either_quote_lower_cased_and_unescaped():
    tag = """<IMG Src="{static}/a.jpg" alt='Caff&egrave; &amp; pane' data-x:y.z = "1" title="">"""
    assert attributes(tag) == {"src": "{static}/a.jpg", "alt": "Caffè & pane", "data-x:y.z": "1", "title": ""}


def test_an_attribute_without_quotes_or_value_is_not_read():
    assert attributes("<img src=a.jpg hidden alt=\"x\">") == {"alt": "x"}


def test_a_single_quoted_value_may_hold_a_double_quote():
    assert attributes("""<img alt='Il "bando"'>""") == {"alt": 'Il "bando"'}


@pytest.mark.parametrize("src, relative_dir, target", [
    ("{static}/images/a.jpg", "news", "images/a.jpg"),
    ("{static}images/a.jpg", "news", "news/images/a.jpg"),
    ("{attach}../images/a.jpg#top", "news/2027", "news/images/a.jpg"),
    ("{static}./a.jpg?v=1", "pages", "pages/a.jpg"),
    ("{static}//images//b.png", "", "images/b.png"),
    ("{static}/X.jpg", "news", "X.jpg"),
])
def test_a_static_source_becomes_its_content_relative_path(src, relative_dir, target):
    assert static_target(src, relative_dir) == target


@pytest.mark.parametrize("src", ["https://example.org/a.jpg", "images/a.jpg", "{filename}a.md", "x{static}/a.jpg", ""])
def test_any_other_source_is_not_a_content_image(src):
    assert static_target(src, "news") is None


def picture(key, alt, title, eager):
    return f"[{key}|{alt}|{title}|{eager}]"


def test_only_known_images_are_rewritten_and_the_rest_is_kept_byte_for_byte():
    html = ('<p>a<img src="{static}/uno.jpg" alt="Uno">b'
            '<img   src="https://example.org/x.png" alt="X" >c'
            "<IMG SRC='{static}/due.jpg' title='T'></p>")
    known = {"{static}/uno.jpg": "uno", "{static}/due.jpg": "due"}
    result = rewrite_images(html, known.get, picture, False)
    assert result == ('<p>a[uno|Uno|None|False]b<img   src="https://example.org/x.png" alt="X" >c'
                      "[due||T|False]</p>")


def test_only_the_first_rewritten_image_is_eager_when_asked():
    html = '<img src="x.png"><img src="{static}/a.jpg"><img src="{static}/b.jpg"><img src="{static}/c.jpg">'
    result = rewrite_images(html, lambda src: src.rsplit("/", 1)[-1] if src.startswith("{static}") else None,
                            picture, True)
    assert result == '<img src="x.png">[a.jpg||None|True][b.jpg||None|False][c.jpg||None|False]'


def test_an_img_without_src_is_resolved_as_an_empty_source():
    asked = []

    def resolve(src):
        asked.append(src)

    assert rewrite_images("<img alt='x'><imgx src='a'>", resolve, picture, True) == "<img alt='x'><imgx src='a'>"
    assert asked == [""]
