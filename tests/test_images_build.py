"""The images plugin in real builds of fixture sites: HTML, files, cache, errors."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
from PIL import Image

import images_samples as samples
from conftest import DRAWN_MARK, FixtureSite, news


class Tags(HTMLParser):
    """Every start tag of a page as (name, attributes)."""

    def __init__(self, text):
        super().__init__()
        self.found = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))

    def named(self, name):
        return [attrs for tag, attrs in self.found if tag == name]


def _write_images(site, images):
    for relpath, data in images.items():
        path = site.content / "images" / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def _give_first_partner_a_logo(site, logo):
    path = site.data / "partners.yaml"
    text = path.read_text(encoding="utf-8") if path.exists() else (
        "# yaml-language-server: $schema=./schemas/partners.schema.json\n- id: partner\n  name: Partner\n  category: fablab\n")
    text = re.sub(r"^(  name: .*\n)", rf"\g<1>  logo: {logo}\n", text, count=1, flags=re.M)
    path.write_text(text, encoding="utf-8")


GOOD_IMAGES = {
    "2027/ruotata.jpg": samples.rotated_jpeg(),
    "2027/gps.jpg": samples.gps_jpeg(),
    "2027/cmyk.jpg": samples.cmyk_jpeg(),
    "2027/trasparente.png": samples.alpha_png(),
    "loghi/partner.png": samples.palette_png(),
}


@pytest.fixture(scope="module")
def good_site(tmp_path_factory):
    site = FixtureSite(tmp_path_factory.mktemp("images-good"))
    _write_images(site, GOOD_IMAGES)
    site.write("news/foto.it.md", news("foto", "it", "Foto dal laboratorio", extra=(
        "tags: [programma]\nimage: 2027/gps.jpg\nimage_alt: Una stampante 3D al lavoro\n"), body=(
        "Testo.\n\n![Il laboratorio ruotato]({static}../images/2027/ruotata.jpg \"Titolo\")\n\n"
        "![Logo trasparente]({static}/images/2027/trasparente.png)\n\n"
        "[Scarica la foto]({static}/images/2027/cmyk.jpg)\n")))
    site.write("news/foto.en.md", news("foto", "en", "Photos from the lab", extra="tags: [programme]\n", body=(
        "![A rotated photo]({static}/images/2027/ruotata.jpg)\n")))
    _give_first_partner_a_logo(site, "loghi/partner.png")
    cache = site.base / "image-cache"
    timings = site.base / "timings.json"
    # Cards are drawn by production builds only (publishconf.py); this site draws them too, and draws
    # the brand mark its icons are made from (DRAWN_MARK) where other test builds take it ready-made.
    extra = {"IMAGE_CACHE_PATH": str(cache), "IMAGE_TIMINGS_FILE": str(timings), "IMAGE_SOCIAL_CARDS": True,
             **DRAWN_MARK}
    result = site.build_ok(extra=extra)
    site.cold_timings = json.loads(timings.read_text())
    site.extra, site.timings, site.image_cache, site.result = extra, timings, cache, result
    return site


def _picture_tags(html):
    """(source attrs, img attrs) of every <picture> in the page, in order."""
    tags = Tags(html).found
    pictures = []
    for index, (tag, attrs) in enumerate(tags):
        if tag == "picture":
            assert tags[index + 1][0] == "source" and tags[index + 2][0] == "img"
            pictures.append((tags[index + 1][1], tags[index + 2][1]))
    return pictures


def _srcset(value):
    return [(url, int(width[:-1])) for url, width in (part.strip().split(" ") for part in value.split(","))]


def test_lead_and_body_images_are_pictures_with_srcset_sizes_and_dimensions(good_site):
    html = good_site.result.read("it/notizie/foto/index.html")
    pictures = _picture_tags(html)
    assert len(pictures) == 3
    (lead_source, lead), (rotated_source, rotated), (alpha_source, alpha) = pictures
    assert lead_source["type"] == "image/webp"
    assert [w for _, w in _srcset(lead_source["srcset"])] == [480, 960, 1600]
    assert [w for _, w in _srcset(lead["srcset"])] == [480, 960, 1600]
    assert lead["src"].endswith("-1600.jpg") and (lead["width"], lead["height"]) == ("1600", "800")
    assert lead["alt"] == "Una stampante 3D al lavoro" and lead["sizes"]
    # The first image of the page is fetched at once; the others wait.
    assert "loading" not in lead and "decoding" not in lead
    for img in (rotated, alpha):
        assert img["loading"] == "lazy" and img["decoding"] == "async"
    # Never upscaled: a 600 px wide (upright) photo gets 480 and 600.
    assert [w for _, w in _srcset(rotated["srcset"])] == [480, 600]
    assert (rotated["width"], rotated["height"]) == ("600", "1200")
    assert rotated["alt"] == "Il laboratorio ruotato" and rotated["title"] == "Titolo"
    assert alpha["src"].endswith(".png") and alpha_source["srcset"].split(" ")[0].endswith(".webp")


def test_every_srcset_url_is_a_published_file_of_that_width(good_site):
    html = good_site.result.read("it/notizie/foto/index.html")
    for source, img in _picture_tags(html):
        for url, width in _srcset(source["srcset"]) + _srcset(img["srcset"]):
            with Image.open(good_site.output / url.lstrip("/")) as image:
                assert image.width == width


def test_first_body_image_is_eager_when_there_is_no_lead_image(good_site):
    (_, img), = _picture_tags(good_site.result.read("en/news/foto/index.html"))
    assert "loading" not in img


def test_published_pixels_are_upright(good_site):
    html = good_site.result.read("it/notizie/foto/index.html")
    _, rotated = _picture_tags(html)[1]
    with Image.open(good_site.output / rotated["src"].lstrip("/")) as image:
        assert image.size == (600, 1200)
        red_top, blue_bottom = image.getpixel((300, 150)), image.getpixel((300, 1050))
    assert red_top[0] > 180 and red_top[2] < 80 and blue_bottom[2] > 180 and blue_bottom[0] < 80


def test_no_original_and_no_metadata_reach_the_output(good_site):
    published = [p for p in (good_site.output / "images").rglob("*") if p.is_file()]
    assert published
    originals = {p.name for p in (good_site.content / "images").rglob("*")}
    assert not originals & {p.name for p in published}
    for path in published:
        data = path.read_bytes()
        assert b"SECRETCAM" not in data and b"SECRETXMP" not in data and b"Exif\x00" not in data, path
        with Image.open(path) as image:
            assert not image.getexif() and "icc_profile" not in image.info, path


def test_static_links_resolve_to_the_processed_copy(good_site):
    html = good_site.result.read("it/notizie/foto/index.html")
    link, = [a for a in Tags(html).named("a") if a.get("href", "").startswith("/images/2027/cmyk")]
    with Image.open(good_site.output / link["href"].lstrip("/")) as image:
        assert image.format == "JPEG" and image.mode == "RGB" and image.width == 800
        red, green, blue = image.getpixel((10, 10))
    assert red > 230 and green < 30 and blue < 30
    assert "{static}" not in html


def test_partner_logos_are_processed_and_templates_can_show_them(good_site):
    logos = list((good_site.output / "images" / "loghi").glob("partner.*"))
    assert {p.suffix for p in logos} == {".webp", ".png"}
    with Image.open(sorted(p for p in logos if p.suffix == ".png")[0]) as image:
        assert image.convert("RGBA").getpixel((5, 5))[3] == 0


def test_social_cards_for_items_and_other_pages(good_site):
    cards = sorted((good_site.output / "images" / "social").glob("*.png"))
    names = {p.name.split(".")[0] for p in cards}
    assert {"it-news-foto", "en-news-foto", "it-site", "en-site", "it-pages-privacy"} <= names
    for path in cards:
        with Image.open(path) as image:
            assert image.size == (1200, 630)
    it_card, en_card = (next(p for p in cards if p.name.startswith(f"{lang}-news-foto")) for lang in ("it", "en"))
    assert it_card.read_bytes() != en_card.read_bytes()


def test_favicon_and_app_icons_are_linked_and_published(good_site):
    html = good_site.result.read("it/index.html")
    links = {(link.get("rel"), link.get("href")) for link in Tags(html).named("link")}
    for rel, href in (("icon", "/favicon.ico"), ("apple-touch-icon", "/icons/apple-touch-icon.png"),
                      ("manifest", "/manifest.webmanifest")):
        assert (rel, href) in links
        assert (good_site.output / href.lstrip("/")).is_file()
    with Image.open(good_site.output / "icons" / "apple-touch-icon.png") as image:
        assert image.size == (180, 180)
    manifest = json.loads(good_site.result.read("manifest.webmanifest"))
    assert {icon["sizes"] for icon in manifest["icons"]} == {"192x192", "512x512"}
    # One brand blue: the CSS token, in the manifest, the pages' theme-color and the icons.
    assert manifest["theme_color"] == "#0055a4"
    assert '<meta name="theme-color" content="#0055a4">' in html
    with Image.open(good_site.output / "icons" / "icon-512.png") as image:
        assert image.convert("RGB").getpixel((256, 8)) == (0x00, 0x55, 0xA4)


def test_the_ready_made_mark_of_test_builds_gives_the_icons_the_drawn_mark_gives(good_site, published_once):
    # Test builds take the brand mark from ICON_SOURCE (conftest.brand_mark); this site draws it.
    def icons(output):
        return {p.name: p.read_bytes() for p in (output / "icons").iterdir()}
    assert icons(published_once.output) == icons(good_site.output)
    assert len(icons(good_site.output)) >= 3


def rebuildable_copy(good_site, base):
    """A copy of the built site with its own image cache: the module's site stays as the other tests read it."""
    site = good_site.copy_to(base)
    site.extra = {**good_site.extra, "IMAGE_CACHE_PATH": str(base / "image-cache"),
                  "IMAGE_TIMINGS_FILE": str(base / "timings.json")}
    site.timings = base / "timings.json"
    return site


def test_a_warm_build_makes_nothing_again_and_writes_the_same_bytes(good_site, tmp_path):
    site = rebuildable_copy(good_site, tmp_path)
    before = {p.relative_to(site.output): p.read_bytes() for p in (site.output / "images").rglob("*") if p.is_file()}
    assert good_site.cold_timings["made"] > 0
    result = site.build_ok(extra=site.extra)
    warm = json.loads(site.timings.read_text())
    assert warm["made"] == 0 and warm["reused"] == good_site.cold_timings["made"] + good_site.cold_timings["reused"]
    after = {p.relative_to(site.output): p.read_bytes() for p in (site.output / "images").rglob("*") if p.is_file()}
    assert after == before
    html = result.read("it/notizie/foto/index.html")
    assert "{static}" not in html and len(_picture_tags(html)) == 3


def test_a_changed_image_is_the_only_one_made_again(good_site, tmp_path):
    site = rebuildable_copy(good_site, tmp_path)
    (site.content / "images" / "2027" / "cmyk.jpg").write_bytes(samples.noisy_jpeg(300, 200))
    result = site.build_ok(extra=site.extra)
    assert json.loads(site.timings.read_text())["made"] == 1
    html = result.read("it/notizie/foto/index.html")
    link, = [a for a in Tags(html).named("a") if a.get("href", "").startswith("/images/2027/cmyk")]
    with Image.open(site.output / link["href"].lstrip("/")) as image:
        assert image.size == (300, 200)


BAD_CASES = {
    # key: (front matter, image file, what the report must say)
    "troncata": ("image: rotte/troncata.jpg\nimage_alt: Foto\n", {"rotte/troncata.jpg": samples.truncated_jpeg()},
                 "damaged or truncated"),
    "pesante": ("image: rotte/pesante.jpg\nimage_alt: Foto\n", {"rotte/pesante.jpg": samples.noisy_jpeg(900, 900)},
                "MB, over the limit"),
    "bomba": ("image: rotte/bomba.png\nimage_alt: Foto\n", {"rotte/bomba.png": samples.bomb_png()}, "megapixels"),
    "testo": ("image: rotte/testo.jpg\nimage_alt: Foto\n", {"rotte/testo.jpg": b"not a picture"},
              "not a readable image"),
    "mancante": ("image: rotte/mancante.jpg\nimage_alt: Foto\n", {}, "does not exist"),
    "senza-alt": ("image: 2027/gps.jpg\n", {"2027/gps.jpg": samples.gps_jpeg()}, "is required when 'image' is set"),
}


@pytest.fixture(scope="module")
def bad_site(tmp_path_factory):
    site = FixtureSite(tmp_path_factory.mktemp("images-bad"))
    # The repo's registries want some content under the programme's tag.
    site.write("news/buona.it.md", news("buona", "it", "Buona", extra="tags: [programma]\n"))
    site.write("news/buona.en.md", news("buona", "en", "Good", extra="tags: [programme]\n"))
    first = site.build_ok()
    (site.output / "marker.txt").write_text("published before", encoding="utf-8")
    for key, (extra, images, _) in BAD_CASES.items():
        _write_images(site, images)
        site.write(f"news/{key}.it.md", news(key, "it", f"Notizia {key}", extra=extra))
    site.write("news/corpo.it.md", news("corpo", "it", "Corpo", body="Testo.\n\n![rotta]({static}/images/rotte/testo.jpg)\n"))
    _give_first_partner_a_logo(site, "loghi/assente.png")
    site.result = site.build(extra={"IMAGE_MAX_BYTES": 200_000, "IMAGE_MAX_PIXELS": 20_000_000,
                                    "IMAGE_CACHE_PATH": str(site.base / "image-cache")})
    return site


def test_bad_images_refuse_the_build_and_keep_the_output(bad_site):
    assert bad_site.result.returncode == 2, bad_site.result.stderr
    assert (bad_site.output / "marker.txt").read_text(encoding="utf-8") == "published before"
    assert not (bad_site.output / "it" / "notizie" / "troncata").exists()


@pytest.mark.parametrize("key", sorted(BAD_CASES))
def test_each_bad_image_is_reported_with_file_and_field(bad_site, key):
    field = "image_alt" if key == "senza-alt" else "image"
    words = BAD_CASES[key][2]
    pattern = rf"content/news/{re.escape(key)}\.it\.md(:\d+)?: field '{field}': .*{re.escape(words)}"
    assert re.search(pattern, bad_site.result.stderr), bad_site.result.stderr


def test_a_bad_image_in_the_body_names_the_line_of_the_link(bad_site):
    assert re.search(r"content/news/corpo\.it\.md:8: field 'link': .*not a readable image", bad_site.result.stderr), \
        bad_site.result.stderr


def test_a_missing_partner_logo_names_the_registry_and_field(bad_site):
    assert re.search(r"data/partners\.yaml:\d+: field 'logo': content/images/loghi/assente\.png does not exist",
                     bad_site.result.stderr), bad_site.result.stderr
