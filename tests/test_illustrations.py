"""The drawn illustrations (tools/draw_illustrations.py): deterministic
originals, shown as processed copies with their alt text on cards and pages."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser

import pytest

from conftest import ROOT, FixtureSite, news

SCRIPT = ROOT / "tools" / "draw_illustrations.py"
ILLUSTRATIONS = ROOT / "content" / "images" / "illustrations"
ALT_IT = "Un braccio robotico prende un pezzo da un nastro trasportatore"
ALT_EN = "A robot arm picks a part from a conveyor belt"
AREA_ALT_IT = "Una mappa di isolati con uno spazio libero segnato in rosso"

AREAS = f"""\
# yaml-language-server: $schema=./schemas/areas.schema.json
- id: spazi-citta
  kind: area
  title: {{it: Spazi della città, en: City spaces}}
  description: {{it: Spazi per chi produce., en: Spaces for makers.}}
  tag: {{it: spazi, en: spaces}}
  image: illustrations/spazi-citta.png
  image_alt: {{it: "{AREA_ALT_IT}", en: A map of city blocks with one free space outlined in red}}
"""


class Pictures(HTMLParser):
    """Every <img> inside a <picture>, with the class of the element around the picture."""

    def __init__(self, text):
        super().__init__()
        self.stack, self.images, self.sources = [], [], []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "img" and self.stack and self.stack[-1][0] == "picture":
            holder = self.stack[-2][1].get("class", "") if len(self.stack) > 1 else ""
            self.images.append((holder, attrs, self.sources))
            self.sources = []
        elif tag == "source" and self.stack and self.stack[-1][0] == "picture":
            self.sources.append(attrs)
        elif tag not in ("img", "source", "meta", "link", "br", "input", "hr"):
            self.stack.append((tag, attrs))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break


def processed(output, picture_img, name):
    """The <img>'s fallback and srcset name processed copies of `name` that exist in output/."""
    holder, img, sources = picture_img
    urls = [img["src"]] + [part.split()[0] for part in img["srcset"].split(",")]
    urls += [part.split()[0] for source in sources for part in source["srcset"].split(",")]
    pattern = re.compile(rf"/images/illustrations/{name}\.[0-9a-f]{{10}}-\d+\.(jpg|webp)$")
    return all(pattern.search(url) and (output / url.lstrip("/")).is_file() for url in urls)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    fixture = FixtureSite(tmp_path_factory.mktemp("illustrations"))
    folder = fixture.content / "images" / "illustrations"
    folder.mkdir(parents=True)
    for name in ("robotica.png", "spazi-citta.png"):
        shutil.copy(ILLUSTRATIONS / name, folder / name)
    fixture.write_data("areas.yaml", AREAS)
    fixture.write("news/robot.it.md", news("robot", "it", "Robot in officina", extra=(
        f"tags: [spazi]\nimage: illustrations/robotica.png\nimage_alt: {ALT_IT}\n")))
    fixture.write("news/robot.en.md", news("robot", "en", "Robots in the workshop", extra=(
        f"tags: [spaces]\nimage: illustrations/robotica.png\nimage_alt: {ALT_EN}\n")))
    return fixture.build_ok()


@pytest.mark.parametrize("listing, alt", [("it/notizie/index.html", ALT_IT), ("it/index.html", ALT_IT),
                                          ("en/news/index.html", ALT_EN)])
def test_cards_carry_the_processed_illustration_with_its_alt(site, listing, alt):
    cards = [found for found in Pictures(site.read(listing)).images if found[0] == "card-image"]
    robot = [found for found in cards if found[1]["alt"] == alt]
    assert len(robot) == 1, cards
    assert processed(site.output, robot[0], "robotica")
    assert robot[0][1]["loading"] == "lazy"


@pytest.mark.parametrize("page, alt", [("it/notizie/robot/index.html", ALT_IT),
                                       ("en/news/robot/index.html", ALT_EN)])
def test_the_item_page_leads_with_the_illustration(site, page, alt):
    lead = [found for found in Pictures(site.read(page)).images if found[0] == "item-image"]
    assert [found[1]["alt"] for found in lead] == [alt]
    assert processed(site.output, lead[0], "robotica")
    assert lead[0][1]["fetchpriority"] == "high"


@pytest.mark.parametrize("page, holder", [("it/aree/spazi-citta/index.html", "item-image"),
                                          ("it/aree/index.html", "card-image"),
                                          ("it/index.html", "card-image")])
def test_an_area_shows_its_illustration(site, page, holder):
    found = [f for f in Pictures(site.read(page)).images if f[0] == holder and f[1]["alt"] == AREA_ALT_IT]
    assert len(found) == 1
    assert processed(site.output, found[0], "spazi-citta")


def test_originals_are_not_published(site):
    assert not list(site.output.rglob("robotica.png"))


def _draw(folder):
    subprocess.run([sys.executable, str(SCRIPT), str(folder)], check=True, capture_output=True)
    return {path.name: path.read_bytes() for path in sorted(folder.glob("*.png"))}


def test_the_drawing_script_is_deterministic_and_the_committed_files_are_its_output(tmp_path):
    first, second = _draw(tmp_path / "a"), _draw(tmp_path / "b")
    assert len(first) >= 10
    assert first == second
    committed = {path.name: path.read_bytes() for path in sorted(ILLUSTRATIONS.glob("*.png"))}
    assert committed == first, "run .venv/bin/python tools/draw_illustrations.py and commit the PNGs"


def test_every_illustration_is_small_and_full_size():
    from PIL import Image

    for path in ILLUSTRATIONS.glob("*.png"):
        assert path.stat().st_size < 60_000, path.name
        with Image.open(path) as image:
            assert image.size == (1600, 900), path.name
            assert not image.info.get("exif") and "dpi" not in image.info, path.name
