"""The images plugin's pure core: plans, pixels, metadata, markup, cache."""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import pytest
from PIL import Image

import images_samples as samples
from conftest import ROOT
from images.drawing import draw_social_card, font_files, make_icons
from images.library import ImageLibrary, Origin, entry_from_manifest
from images.markup import rewrite_images
from images.options import ImageOptions
from images.palette import brand_palette, css_tokens
from images.plan import plan_derivatives, target_widths
from images.process import ImageProblem, make_derivatives

OPTIONS = ImageOptions()


def test_widths_are_never_upscaled():
    assert target_widths(2000, (480, 960, 1600)) == [480, 960, 1600]
    assert target_widths(1200, (480, 960, 1600)) == [480, 960, 1200]
    assert target_widths(300, (480, 960, 1600)) == [300]
    assert target_widths(960, (480, 960, 1600)) == [480, 960]


def test_plan_has_webp_and_the_right_fallback():
    opaque = plan_derivatives(1000, 500, False, (480, 1600))
    assert [(d.format, d.width, d.height) for d in opaque] == [
        ("webp", 480, 240), ("webp", 1000, 500), ("jpeg", 480, 240), ("jpeg", 1000, 500)]
    assert {d.format for d in plan_derivatives(1000, 500, True, (480,))} == {"webp", "png"}


def _decoded(outputs, fmt, width=None):
    for derivative, data in outputs:
        if derivative.format == fmt and (width is None or derivative.width == width):
            image = Image.open(io.BytesIO(data))
            image.load()
            return image, data
    raise AssertionError(f"no {fmt} derivative")


def test_exif_orientation_is_applied_to_the_pixels():
    described, outputs = make_derivatives(samples.rotated_jpeg(), OPTIONS)
    assert (described["width"], described["height"]) == (600, 1200)
    for fmt in ("webp", "jpeg"):
        image, _ = _decoded(outputs, fmt, 600)
        assert image.size == (600, 1200)
        top, bottom = image.convert("RGB").getpixel((300, 200)), image.convert("RGB").getpixel((300, 1000))
        assert top[0] > 180 and top[2] < 80, top  # red on top
        assert bottom[2] > 180 and bottom[0] < 80, bottom
        assert 0x0112 not in image.getexif()


def test_every_derivative_is_free_of_metadata():
    _, outputs = make_derivatives(samples.gps_jpeg(), OPTIONS)
    assert len(outputs) == 6
    for derivative, data in outputs:
        image = Image.open(io.BytesIO(data))
        assert not image.getexif(), derivative
        assert not {"exif", "xmp", "icc_profile", "XML:com.adobe.xmp"} & set(image.info), (derivative, image.info)
        for secret in (b"SECRETCAM", b"SECRETXMP", b"Exif\x00", b"GPS"):
            assert secret not in data, (derivative, secret)


def test_cmyk_becomes_rgb_with_the_right_colour():
    _, outputs = make_derivatives(samples.cmyk_jpeg(), OPTIONS)
    image, _ = _decoded(outputs, "jpeg", 800)
    assert image.mode == "RGB"
    red, green, blue = image.getpixel((400, 200))
    assert red > 230 and green < 30 and blue < 30


@pytest.mark.parametrize("make", [samples.alpha_png, samples.palette_png])
def test_transparency_is_kept_in_webp_and_png(make):
    _, outputs = make_derivatives(make(), OPTIONS)
    assert {d.format for d, _ in outputs} == {"webp", "png"}
    for fmt in ("webp", "png"):
        image, _ = _decoded(outputs, fmt)
        rgba = image.convert("RGBA")
        assert rgba.getpixel((5, 5))[3] == 0
        assert rgba.getpixel((rgba.width - 5, 5))[3] == 255


def test_outputs_are_byte_identical_across_runs():
    assert make_derivatives(samples.gps_jpeg(), OPTIONS) == make_derivatives(samples.gps_jpeg(), OPTIONS)


@pytest.mark.parametrize("data, options, words", [
    (samples.truncated_jpeg(), OPTIONS, "damaged or truncated"),
    (b"this is not an image", OPTIONS, "not a readable image"),
    (samples.bomb_png(), OPTIONS.__class__(max_pixels=10_000_000), "megapixels"),
    (samples.noisy_jpeg(800, 800), OPTIONS.__class__(max_bytes=50_000), "over the limit"),
])
def test_bad_sources_are_refused_with_a_reason(data, options, words):
    with pytest.raises(ImageProblem) as problem:
        make_derivatives(data, options)
    assert words in str(problem.value)
    assert problem.value.fix


def test_markdown_images_become_pictures_and_only_the_first_is_eager():
    html = '<p><img alt="A &amp; B" src="{static}/images/a.jpg"></p><p><img alt="c" src="{static}/images/c.jpg"></p>' \
           '<img src="https://example.org/x.png" alt="x">'
    calls = []

    def render(key, alt, title, eager):
        calls.append((key, alt, eager))
        return f"<picture data-key={key}></picture>"

    result = rewrite_images(html, lambda src: src.split("/")[-1] if "{static}" in src else None, render, True)
    assert calls == [("a.jpg", "A & B", True), ("c.jpg", "c", False)]
    assert result.count("<picture") == 2 and 'src="https://example.org/x.png"' in result


def test_social_card_is_1200_by_630():
    fonts = font_files(None)
    mark = make_icons(samples.alpha_png())["icons/icon-192.png"]
    spec = {"title": "Un titolo " * 20, "section": "Notizie", "lang": "it", "site_name": "Manifattura Milano",
            "parent_body": "Comune di Milano", "width": 1200, "height": 630, "primary": "#0055a4",
            "dark": "#002b55", "light": "#ffffff", "fonts": fonts}
    card = Image.open(io.BytesIO(draw_social_card(spec, mark)))
    assert card.format == "PNG" and card.size == (1200, 630)


def test_icons_come_in_every_size_from_one_source():
    icons = make_icons(samples.alpha_png())
    assert Image.open(io.BytesIO(icons["icons/apple-touch-icon.png"])).size == (180, 180)
    assert Image.open(io.BytesIO(icons["icons/icon-512.png"])).size == (512, 512)
    assert Image.open(io.BytesIO(icons["favicon.ico"])).format == "ICO"


def test_library_makes_each_image_once(tmp_path):
    images = tmp_path / "images"
    images.mkdir()
    (images / "a.jpg").write_bytes(samples.rotated_jpeg())
    (images / "b.png").write_bytes(samples.alpha_png())
    origin = Origin("content/news/x.it.md", 3, "image")

    def library():
        made = ImageLibrary(images, tmp_path / "cache", ImageOptions(workers=2))
        made.want("a.jpg", origin)
        made.want("b.png", origin)
        assert made.resolve() == []
        return made

    cold = library()
    assert cold.timings["made"] == 2
    warm = library()
    assert warm.timings["made"] == 0 and warm.entries == cold.entries
    (images / "b.png").write_bytes(samples.palette_png())
    assert library().timings["made"] == 1


# The brand palette ------------------------------------------------------------

def relative_luminance(colour):
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a, b):
    light, dark = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_palette_is_read_from_the_css_tokens_following_their_references():
    css = ":root {\n  --blue: #0055A4;\n  --white: #fff;\n  --color-primary: var(--blue);\n" \
          "  --color-on-primary: var(--white);\n  --color-band: #002b55;\n}\n" \
          "@media (prefers-color-scheme: dark) { :root { --color-primary: #000000; } }"
    assert css_tokens(css)["color-primary"] == "#0055A4"
    with pytest.raises(KeyError, match="--white"):
        css_tokens(":root { --color-primary: var(--white); }")


def test_every_token_of_the_first_root_block_in_full_and_loops_refused():
    css = "a { --x: 1; }\n:root{--blue:#0055A4 ;\n  --lighter : var(--light);--light: var(--blue);--w: 1px solid;}\n" \
          ":root { --blue: red; --late: 1; }"
    assert css_tokens(css) == {"blue": "#0055A4", "lighter": "#0055A4", "light": "#0055A4", "w": "1px solid"}
    assert css_tokens("body { --x: 1; }") == {}
    with pytest.raises(KeyError) as missing:
        css_tokens(":root { --color-primary: var(--white); }")
    assert missing.value.args == ("the design tokens have no --white",)
    with pytest.raises(ValueError) as loop:
        css_tokens(":root { --a: var(--b); --b: var(--a); }")
    assert loop.value.args == ("--a refers to itself",)


def test_the_theme_palette_keeps_text_on_the_brand_colours_readable():
    palette = brand_palette(ROOT / "theme")
    assert palette == {"primary": "#0055a4", "on_primary": "#ffffff", "dark": "#002b55"}
    # WCAG 2 AA for the icons' letter and the cards' text (4.5:1 for normal text).
    assert contrast(palette["on_primary"], palette["primary"]) >= 4.5
    assert contrast(palette["on_primary"], palette["dark"]) >= 4.5


def test_options_are_read_from_the_settings_with_defaults():
    assert ImageOptions.from_settings({}) == ImageOptions()
    options = ImageOptions.from_settings({
        "IMAGE_WIDTHS": ["960", 480, 960], "IMAGE_MAX_BYTES": "1000", "IMAGE_MAX_PIXELS": "2000",
        "IMAGE_WEBP_QUALITY": "70", "IMAGE_JPEG_QUALITY": "75", "IMAGE_WORKERS": "3"})
    assert options == ImageOptions(widths=(480, 960), max_bytes=1000, max_pixels=2000, webp_quality=70,
                                   jpeg_quality=75, workers=3)
    assert ImageOptions.from_settings({"IMAGE_WORKERS": None}).workers == 0
    assert ImageOptions(workers=3).worker_count == 3


def test_the_fingerprint_changes_with_what_the_bytes_depend_on_only():
    base = ImageOptions().fingerprint()
    assert len(base) == 16
    assert ImageOptions(max_bytes=1, max_pixels=2, workers=5).fingerprint() == base
    assert ImageOptions(webp_quality=50).fingerprint() != base
    assert ImageOptions(widths=(480,)).fingerprint() != base


def test_the_largest_width_is_kept_when_the_source_is_exactly_that_wide():
    assert target_widths(1600, (480, 960, 1600)) == [480, 960, 1600]


def test_a_thin_strip_keeps_a_height_of_one_pixel():
    assert [d.height for d in plan_derivatives(4000, 1, False, (480,))] == [1, 1]


@pytest.mark.parametrize("orientation, size", [(1, (40, 30)), (4, (40, 30)), (5, (30, 40)), (6, (30, 40)),
                                               (8, (30, 40))])
def test_exif_orientations_five_to_eight_swap_width_and_height(orientation, size):
    from images.plan import oriented_size

    assert oriented_size(40, 30, orientation) == size


def test_the_fingerprint_changes_with_the_processor_and_pillow_versions(monkeypatch):
    import PIL

    import images.options

    base = ImageOptions().fingerprint()
    monkeypatch.setattr(images.options, "PROCESSOR_VERSION", images.options.PROCESSOR_VERSION + 1)
    newer_processor = ImageOptions().fingerprint()
    monkeypatch.setattr(PIL, "__version__", "0.0.1")
    assert len({base, newer_processor, ImageOptions().fingerprint()}) == 3


# The library and its cache, called directly on small images --------------------

def small_png(colour=(20, 20, 220), size=(40, 30)):
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


def test_an_entry_lists_each_format_by_width_and_encloses_the_largest_fallback():
    manifest = {"width": 960, "height": 480, "derivatives": [
        {"file": "b.png", "format": "png", "width": 960, "height": 480, "bytes": 900},
        {"file": "a.webp", "format": "webp", "width": 960, "height": 480, "bytes": 500},
        {"file": "c.png", "format": "png", "width": 480, "height": 240, "bytes": 300},
        {"file": "d.webp", "format": "webp", "width": 480, "height": 240, "bytes": 200}]}
    key = "0123456789abcdef"
    png = "images/2027/logo.0123456789"
    assert entry_from_manifest("2027/logo.v2.png", key, manifest) == {
        "relpath": "2027/logo.v2.png", "key": key, "width": 960, "height": 480,
        "webp": [{"file": "d.webp", "format": "webp", "width": 480, "height": 240, "bytes": 200,
                  "url": "images/2027/logo.v2.0123456789-480.webp", "type": "image/webp"},
                 {"file": "a.webp", "format": "webp", "width": 960, "height": 480, "bytes": 500,
                  "url": "images/2027/logo.v2.0123456789-960.webp", "type": "image/webp"}],
        "fallback": [{"file": "c.png", "format": "png", "width": 480, "height": 240, "bytes": 300,
                      "url": f"{png.replace('logo', 'logo.v2')}-480.png", "type": "image/png"},
                     {"file": "b.png", "format": "png", "width": 960, "height": 480, "bytes": 900,
                      "url": f"{png.replace('logo', 'logo.v2')}-960.png", "type": "image/png"}],
        "enclosure": {"url": "images/2027/logo.v2.0123456789-960.png", "type": "image/png", "length": 900,
                      "width": 960, "height": 480}}
    jpeg = entry_from_manifest("a.jpg", key, {"derivatives": [
        {"file": "x.jpeg", "format": "jpeg", "width": 40, "height": 30, "bytes": 7}]})
    assert (jpeg["webp"], jpeg["fallback"][0]["url"], jpeg["enclosure"]["type"]) == (
        [], "images/a.0123456789-40.jpg", "image/jpeg")


def test_the_library_refuses_missing_large_and_unreadable_images_naming_each_reference(tmp_path):
    images = tmp_path / "images"
    images.mkdir()
    (images / "big.png").write_bytes(small_png() + b"\0" * 200_000)
    (images / "broken.png").write_bytes(b"not an image")  # sorted before good.png: it does not stop it
    (images / "good.png").write_bytes(small_png())
    library = ImageLibrary(images, tmp_path / "cache", ImageOptions(max_bytes=100_000, workers=1))
    page, logo, elsewhere = Origin("content/a.md", 3, "image"), Origin("data/b.yaml", 7, "logo"), \
        Origin("content/c.md", 2, "image", missing_reported_elsewhere=True)
    for relpath in ("a-missing.png", "nowhere.png", "big.png", "broken.png", "good.png"):
        library.want(relpath, page)
    library.want("nowhere.png", elsewhere)
    library.want("broken.png", logo)
    assert sorted(library.resolve()) == sorted([
        (page, "content/images/a-missing.png does not exist",
         "add the file to content/images/ or correct the path (relative to content/images/)"),
        (page, "content/images/nowhere.png does not exist",
         "add the file to content/images/ or correct the path (relative to content/images/)"),
        (page, "content/images/big.png: the file is 0.2 MB, over the limit of 0.1 MB",
         "export a smaller copy (e.g. 3000 px wide, JPEG quality 85) and commit that instead"),
        (page, "content/images/broken.png: the file is not a readable image (UnidentifiedImageError)",
         "open it in an image editor and export it again as JPEG or PNG"),
        (logo, "content/images/broken.png: the file is not a readable image (UnidentifiedImageError)",
         "open it in an image editor and export it again as JPEG or PNG")])
    assert list(library.entries) == ["good.png"]
    assert library.timings["made"] == 2 and library.timings["reused"] == 0
    entry = library.entries["good.png"]
    assert sorted(library.published) == sorted(item["url"] for item in entry["webp"] + entry["fallback"])
    assert [(item["format"], item["width"], item["height"]) for item in entry["webp"] + entry["fallback"]] == [
        ("webp", 40, 30), ("jpeg", 40, 30)]  # an opaque PNG falls back to JPEG


def test_published_images_are_the_cached_files_linked_into_the_output(tmp_path):
    images = tmp_path / "images"
    images.mkdir()
    (images / "good.png").write_bytes(small_png())
    library = ImageLibrary(images, tmp_path / "cache", ImageOptions(workers=1))
    library.want("good.png", Origin("content/a.md", 3, "image"))
    assert library.resolve() == []
    output = tmp_path / "output"
    (output / "images").mkdir(parents=True)
    url = library.entries["good.png"]["fallback"][0]["url"]
    (output / url).write_bytes(b"stale")  # a file left by the last build is replaced
    library.write_to(output)
    written = sorted(path.relative_to(output).as_posix() for path in output.rglob("*") if path.is_file())
    assert written == sorted(library.published)
    for published, (key, stored) in library.published.items():
        assert (output / published).read_bytes() == (library.cache.folder(key) / stored).read_bytes()
    assert Image.open(output / url).size == (40, 30)
    again = ImageLibrary(images, tmp_path / "cache", ImageOptions(workers=1))
    again.want("good.png", Origin("content/a.md", 3, "image"))
    assert again.resolve() == [] and again.entries == library.entries
    assert (again.timings["made"], again.timings["reused"]) == (0, 1)


def test_a_drawing_is_named_by_its_spec_and_font_bytes_not_by_the_font_path(tmp_path):
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    (fonts / "a.ttf").write_bytes(b"font one")
    (fonts / "b.ttf").write_bytes(b"font one")
    (fonts / "c.ttf").write_bytes(b"font two")
    library = ImageLibrary(tmp_path / "images", tmp_path / "cache", ImageOptions())
    source = small_png()
    key = library.want_drawing("card", {"title": "T", "fonts": {"bold": str(fonts / "a.ttf")}}, source)
    assert len(key) == 64 and library.drawings[key] == ("card", {"title": "T", "fonts": {"bold": str(fonts / "a.ttf")}},
                                                       source)
    assert library.want_drawing("card", {"title": "T", "fonts": {"bold": str(fonts / "b.ttf")}}, source) == key
    others = {library.want_drawing("card", {"title": "T", "fonts": {"bold": str(fonts / "c.ttf")}}, source),
              library.want_drawing("card", {"title": "U", "fonts": {"bold": str(fonts / "a.ttf")}}, source),
              library.want_drawing("icons", {"title": "T", "fonts": {"bold": str(fonts / "a.ttf")}}, source),
              library.want_drawing("card", {"title": "T", "fonts": {"bold": str(fonts / "a.ttf")}}, small_png(size=(8, 8))),
              library.want_drawing("card", {"title": "T"}, source)}
    assert len(others | {key}) == 6
    assert ImageLibrary(tmp_path / "images", tmp_path / "cache", ImageOptions(webp_quality=50)).want_drawing(
        "card", {"title": "T", "fonts": {"bold": str(fonts / "b.ttf")}}, source) != key


@pytest.mark.parametrize("workers", [1, 2])
def test_icons_are_drawn_once_and_published_under_their_names_or_a_given_url(tmp_path, workers):
    library = ImageLibrary(tmp_path / "images", tmp_path / "cache", ImageOptions(workers=workers))
    icons = library.want_drawing("icons", {"size": "all"}, samples.alpha_png())
    other = library.want_drawing("icons", {"size": "other"}, small_png(size=(64, 64)))
    library.start_drawings()
    assert library.timings["made"] == 2 and library.timings["reused"] == 0
    assert (library.drawings_pending is None) == (workers == 1)  # two drawings: a pool only with two workers
    library.publish_drawing(icons)
    library.publish_drawing(other, "icons/icon-192.png", "images/other-192.png")
    output = tmp_path / "output"
    library.write_to(output)
    assert library.drawings_pending is None
    drawn = make_icons(samples.alpha_png())
    assert sorted(path.relative_to(output).as_posix() for path in output.rglob("*") if path.is_file()) == sorted(
        [*drawn, "images/other-192.png"])
    assert (output / "favicon.ico").read_bytes() == drawn["favicon.ico"]
    assert Image.open(output / "images/other-192.png").size == (192, 192)
    assert library.drawing_files(icons)["icons/icon-512.png"] == "icons__icon-512.png"
    again = ImageLibrary(tmp_path / "images", tmp_path / "cache", ImageOptions(workers=workers))
    again.want_drawing("icons", {"size": "all"}, samples.alpha_png())
    again.start_drawings()
    assert (again.timings["made"], again.timings["reused"], again.drawings_pending) == (0, 1, None)


def test_more_drawings_than_four_a_worker_are_drawn_in_batches_every_one(tmp_path):
    library = ImageLibrary(tmp_path / "images", tmp_path / "cache", ImageOptions(workers=1))
    keys = [library.want_drawing("icons", {"n": n}, small_png(size=(16, 16))) for n in range(5)]
    library.start_drawings()  # batches of two: 5 / 4 rounded up
    assert [library.cache.manifest(key) is not None for key in keys] == [True] * 5


def test_a_drawing_that_fails_in_the_background_fails_the_build(tmp_path):
    library = ImageLibrary(tmp_path / "images", tmp_path / "cache", ImageOptions(workers=2))
    library.want_drawing("icons", {}, b"not a png")
    library.want_drawing("icons", {"other": 1}, b"not a png either")
    library.start_drawings()
    assert library.drawings_pending is not None
    with pytest.raises(Exception, match="cannot identify image file"):
        library.finish_drawings()
    assert library.drawings_pending is None


# The cache ---------------------------------------------------------------------

def test_a_source_is_hashed_once_while_its_size_and_mtime_stay(tmp_path):
    import hashlib
    import os

    from images.cache import HashIndex, content_hash

    source = tmp_path / "a.bin"
    data = bytes(range(256)) * 5000  # more than one read block
    source.write_bytes(data)
    assert content_hash(source) == hashlib.sha256(data).hexdigest()
    index = HashIndex(tmp_path / "cache" / "hashes.json")
    assert (index.known, index.changed) == ({}, False)
    assert index.hash_of(source) == hashlib.sha256(data).hexdigest()
    index.save()
    stat = source.stat()
    saved = json.loads((tmp_path / "cache" / "hashes.json").read_text(encoding="utf-8"))
    assert saved == {str(source.resolve()): [stat.st_size, stat.st_mtime_ns, hashlib.sha256(data).hexdigest()]}
    # Same size and mtime: the remembered hash, even if the bytes changed behind its back.
    source.write_bytes(data[::-1])
    os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    reread = HashIndex(tmp_path / "cache" / "hashes.json")
    assert reread.hash_of(source) == hashlib.sha256(data).hexdigest() and reread.changed is False
    os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))
    assert reread.hash_of(source) == hashlib.sha256(data[::-1]).hexdigest() and reread.changed is True
    (tmp_path / "cache" / "hashes.json").write_text("{broken", encoding="utf-8")
    assert HashIndex(tmp_path / "cache" / "hashes.json").known == {}
    unchanged = HashIndex(tmp_path / "nowhere" / "hashes.json")
    unchanged.save()
    assert not (tmp_path / "nowhere").exists()


def test_a_cache_entry_is_stored_whole_once_and_read_back(tmp_path):
    from images.cache import DerivativeCache

    cache = DerivativeCache(tmp_path / "cache")
    key = "ab" + "c" * 62
    assert cache.folder(key) == tmp_path / "cache" / "ab" / key
    assert cache.manifest(key) is None
    cache.store(key, {"n": 1}, {"x.webp": b"first"})
    cache.store(key, {"n": 2}, {"x.webp": b"second"})  # another build stored it first: kept
    assert cache.manifest(key) == {"n": 1}
    assert sorted(p.name for p in (tmp_path / "cache" / "ab").iterdir()) == [key]
    assert sorted(p.name for p in cache.folder(key).iterdir()) == ["manifest.json", "x.webp"]
    (cache.folder(key) / "manifest.json").write_text("{broken", encoding="utf-8")
    assert cache.manifest(key) is None
    destination = tmp_path / "out" / "deep" / "x.webp"
    cache.publish(key, "x.webp", destination)
    assert destination.read_bytes() == b"first"
    assert destination.stat().st_ino == (cache.folder(key) / "x.webp").stat().st_ino


def test_temporary_files_are_made_next_to_their_target_not_in_the_temporary_folder(tmp_path, monkeypatch):
    """A rename cannot cross file systems: with the default temporary folder on
    another one (here /dev/shm, a tmpfs, as TMPDIR may be), an entry made there
    would never reach the cache, and hashes.json never be saved."""
    import tempfile

    from images.cache import DerivativeCache, HashIndex

    elsewhere = Path(tempfile.mkdtemp(dir="/dev/shm"))
    try:
        monkeypatch.setattr(tempfile, "tempdir", str(elsewhere))
        cache = DerivativeCache(tmp_path / "cache")
        key = "ef" + "0" * 62
        cache.store(key, {"n": 1}, {"x.webp": b"x"})
        assert cache.manifest(key) == {"n": 1}
        source = tmp_path / "a.bin"
        source.write_bytes(b"a")
        index = HashIndex(tmp_path / "new" / "deeper" / "hashes.json")
        index.hash_of(source)
        index.save()
        index.save()
        assert list(json.loads((tmp_path / "new" / "deeper" / "hashes.json").read_text(encoding="utf-8"))) == \
            [str(source.resolve())]
        assert list(elsewhere.iterdir()) == []
        assert sorted(p.name for p in (tmp_path / "new" / "deeper").iterdir()) == ["hashes.json"]
    finally:
        shutil.rmtree(elsewhere)


# Processing, step by step ------------------------------------------------------

def encoded(image, fmt, **params):
    out = io.BytesIO()
    image.save(out, fmt, **params)
    return out.getvalue()


@pytest.mark.parametrize("mode, alpha, srgb", [
    ("RGB", False, "RGB"), ("RGBA", True, "RGBA"), ("LA", True, "RGBA"), ("PA", True, "RGBA"), ("RGBa", True, "RGBA"),
    ("L", False, "RGB"), ("P", False, "RGB"), ("1", False, "RGB"), ("I;16", False, "RGB"), ("I", False, "RGB"),
    ("F", False, "RGB"), ("CMYK", False, "RGB"), ("La", True, "RGBA"), ("I;16B", False, "RGB"),
    ("I;16L", False, "RGB"), ("I;16N", False, "RGB"), ("RGBX", False, "RGB"), ("YCbCr", False, "RGB"),
    ("LAB", False, "RGB"), ("HSV", False, "RGB"),
])
def test_every_pixel_mode_becomes_rgb_or_rgba_with_alpha_only_where_it_can_be(mode, alpha, srgb):
    from images.process import _may_have_alpha, _to_srgb

    image = Image.new(mode, (4, 4))
    if alpha:
        image.putpixel((0, 0), (0,) * (len(mode) - 1) + (128,) if mode != "PA" else (0, 128))
    assert _may_have_alpha(image) is alpha
    assert _to_srgb(image).mode == srgb


@pytest.mark.parametrize("mode, value, rgb", [
    ("I;16", 100 * 257, (100, 100, 100)), ("I", 200 * 257, (200, 200, 200)), ("F", 77.0, (77, 77, 77)),
    ("1", 1, (255, 255, 255)), ("L", 30, (30, 30, 30)), ("I;16B", 100 * 257, (100, 100, 100)),
    ("I;16L", 100 * 257, (100, 100, 100)), ("La", (64, 128), (127, 127, 127, 128)),
])
def test_grey_and_deep_pixels_keep_their_brightness(mode, value, rgb):
    from images.process import _to_srgb

    assert _to_srgb(Image.new(mode, (2, 2), value)).getpixel((1, 1)) == rgb


def test_transparency_decides_alpha_and_an_opaque_alpha_channel_is_dropped():
    from images.process import _may_have_alpha, _to_srgb

    palette = Image.open(io.BytesIO(samples.palette_png()))
    assert _may_have_alpha(palette) and _to_srgb(palette).mode == "RGBA"
    opaque = Image.new("RGBA", (4, 4), (10, 20, 30, 255))
    assert _to_srgb(opaque).mode == "RGB" and _to_srgb(opaque).getpixel((0, 0)) == (10, 20, 30)
    grey = Image.new("L", (4, 4), 9)
    grey.info["transparency"] = 9
    assert _may_have_alpha(grey) and _to_srgb(grey).mode == "RGBA"
    assert _to_srgb(grey).getpixel((0, 0)) == (9, 9, 9, 0)


def test_a_broken_colour_profile_is_ignored_and_a_real_one_is_applied():
    from PIL import ImageCms

    from images.process import _to_srgb

    broken = Image.new("RGB", (4, 4), (200, 100, 50))
    broken.info["icc_profile"] = b"not a profile"
    assert _to_srgb(broken).getpixel((0, 0)) == (200, 100, 50)
    lab = Image.new("RGB", (4, 4), (200, 100, 50))
    lab.info["icc_profile"] = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    assert _to_srgb(lab).getpixel((0, 0)) == (200, 100, 50)
    alpha = Image.new("RGBA", (4, 4), (200, 100, 50, 128))
    alpha.info["icc_profile"] = lab.info["icc_profile"]
    assert _to_srgb(alpha).mode == "RGBA" and _to_srgb(alpha).getpixel((0, 0))[3] == 128


@pytest.mark.parametrize("data, max_pixels, message, fix", [
    (b"junk", 10**6, "the file is not a readable image (UnidentifiedImageError)",
     "open it in an image editor and export it again as JPEG or PNG"),
    ("PPM", 10**6, "PPM images are not supported", "export the image as JPEG or PNG"),
    ("ICO", 10**6, "ICO images are not supported", "export the image as JPEG or PNG"),
    ("PNG", 1199, "the image is 40x30 (0 megapixels), over the limit of 0 megapixels",
     "resize it (e.g. to 3000 px wide) before committing it"),
])
def test_what_a_build_never_decodes_is_refused_in_full(data, max_pixels, message, fix):
    from images.process import open_checked

    data = encoded(Image.new("RGB", (40, 30)), data) if isinstance(data, str) else data
    with pytest.raises(ImageProblem) as problem:
        open_checked(data, max_pixels)
    assert (str(problem.value), problem.value.fix) == (message, fix)


def test_the_limits_are_inclusive():
    from images.process import check_size, open_checked

    assert open_checked(encoded(Image.new("RGB", (40, 30)), "PNG"), 1200).size == (40, 30)
    assert check_size(1_000_000, 1_000_000) is None
    with pytest.raises(ImageProblem) as problem:
        check_size(2_540_000, 1_000_000)
    assert (str(problem.value), problem.value.fix) == (
        "the file is 2.5 MB, over the limit of 1.0 MB",
        "export a smaller copy (e.g. 3000 px wide, JPEG quality 85) and commit that instead")


def test_a_truncated_image_is_refused_with_the_decoders_reason():
    with pytest.raises(ImageProblem) as problem:
        make_derivatives(samples.truncated_jpeg(), OPTIONS)
    assert str(problem.value).startswith("the image data is damaged or truncated (") and str(problem.value) != \
        "the image data is damaged or truncated ()"
    assert problem.value.fix == "open it in an image editor and export it again, or commit the original file again"


def test_the_description_is_the_upright_size_and_transparency():
    from images.process import describe

    assert describe(samples.rotated_jpeg(), 10**7) == {"width": 600, "height": 1200, "has_alpha": False}
    assert describe(samples.alpha_png(), 10**7) == {"width": 700, "height": 350, "has_alpha": True}
    assert describe(encoded(Image.new("RGB", (40, 30)), "JPEG"), 10**7) == {"width": 40, "height": 30,
                                                                           "has_alpha": False}


def test_each_format_is_encoded_with_its_options_and_no_metadata():
    from PIL import ImageCms, JpegImagePlugin

    from images.plan import Derivative
    from images.process import encode

    source = Image.effect_noise((64, 48), 40).convert("RGB")
    source.info["icc_profile"] = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    jpeg = Image.open(io.BytesIO(encode(source.copy(), Derivative(64, 48, "jpeg"), OPTIONS)))
    assert (jpeg.format, jpeg.mode, jpeg.info.get("progressive"), JpegImagePlugin.get_sampling(jpeg)) == (
        "JPEG", "RGB", 1, 2)
    png = Image.open(io.BytesIO(encode(source.copy(), Derivative(64, 48, "png"), OPTIONS)))
    assert (png.format, png.mode) == ("PNG", "RGBA")
    webp = encode(source.copy(), Derivative(64, 48, "webp"), OPTIONS)
    assert Image.open(io.BytesIO(webp)).format == "WEBP"
    assert [image.info.get("icc_profile") for image in (jpeg, png, Image.open(io.BytesIO(webp)))] == [None] * 3
    assert encode(source.copy(), Derivative(64, 48, "webp"), ImageOptions(webp_quality=40)) != webp
    rgba = Image.new("RGBA", (8, 8), (1, 2, 3, 100))
    assert Image.open(io.BytesIO(encode(rgba, Derivative(8, 8, "jpeg"), OPTIONS))).mode == "RGB"
    assert encode(source.copy(), Derivative(64, 48, "jpeg"), ImageOptions(jpeg_quality=40)) != \
        encode(source.copy(), Derivative(64, 48, "jpeg"), OPTIONS)


def test_derivatives_are_made_largest_first_at_their_exact_sizes():
    # The largest width is under half the source's: the JPEG is decoded at half its size (draft).
    described, outputs = make_derivatives(samples.noisy_jpeg(1000, 600), ImageOptions(widths=(200, 480)))
    assert described == {"width": 500, "height": 300, "has_alpha": False}
    assert make_derivatives(samples.noisy_jpeg(1000, 600), ImageOptions(widths=(200, 500)))[0]["width"] == 1000
    assert [(d.format, d.width, d.height, Image.open(io.BytesIO(data)).size) for d, data in outputs] == [
        ("webp", 200, 120, (200, 120)), ("webp", 480, 288, (480, 288)),
        ("jpeg", 200, 120, (200, 120)), ("jpeg", 480, 288, (480, 288))]


def test_the_library_adds_up_what_each_step_made_and_reuses_the_cache_only_for_the_same_options(tmp_path):
    import time

    started = time.perf_counter()
    images = tmp_path / "images"
    images.mkdir()
    (images / "a.png").write_bytes(small_png())
    (images / "b.png").write_bytes(small_png((200, 20, 20)))
    library = ImageLibrary(images, tmp_path / "cache", ImageOptions(workers=2))
    library.want("a.png", Origin("content/a.md", 3, "image"))
    assert library.resolve() == []
    library.want("b.png", Origin("content/b.md", 3, "image"))
    assert library.resolve() == [] and sorted(library.entries) == ["a.png", "b.png"]
    assert (tmp_path / "cache" / "hashes.json").is_file()
    key = library.entries["b.png"]["key"]
    assert {name: library.cache.manifest(key)[name] for name in ("width", "height", "has_alpha")} == {
        "width": 40, "height": 30, "has_alpha": False}
    library.want_drawing("icons", {}, samples.alpha_png())  # one drawing: drawn here, not in a pool
    library.start_drawings()
    assert library.drawings_pending is None
    assert (library.timings["made"], library.timings["reused"]) == (3, 0)
    library.write_to(tmp_path / "output")
    assert 0 < library.timings["seconds"] <= time.perf_counter() - started
    other = ImageLibrary(images, tmp_path / "cache", ImageOptions(workers=1, webp_quality=50))
    other.want("a.png", Origin("content/a.md", 3, "image"))
    assert other.resolve() == [] and (other.timings["made"], other.timings["reused"]) == (1, 0)


def test_a_social_card_is_drawn_and_published_as_card_png(tmp_path):
    library = ImageLibrary(tmp_path / "images", tmp_path / "cache", ImageOptions(workers=1))
    spec = {"title": "Un titolo", "section": "Notizie", "lang": "it", "site_name": "Manifattura Milano",
            "parent_body": "Comune di Milano", "width": 1200, "height": 630, "primary": "#0055a4",
            "dark": "#002b55", "light": "#ffffff", "fonts": font_files(None)}
    mark = make_icons(samples.alpha_png())["icons/icon-192.png"]
    key = library.want_drawing("card", spec, mark)
    library.start_drawings()
    assert library.drawing_files(key) == {"card.png": "card.png"}
    card = (library.cache.folder(key) / "card.png").read_bytes()
    assert card == draw_social_card(spec, mark)
    assert library.cache.manifest(key) == {"files": {"card.png": {"stored": "card.png", "bytes": len(card)}}}
    library.publish_drawing(key, "card.png", "it/notizie/uno/card.png")
    library.write_to(tmp_path / "output")
    assert Image.open(tmp_path / "output" / "it/notizie/uno/card.png").size == (1200, 630)


def test_the_same_drawing_spec_written_in_another_key_order_has_the_same_name(tmp_path):
    library = ImageLibrary(tmp_path / "images", tmp_path / "cache", ImageOptions())
    assert library.want_drawing("card", {"title": "T", "lang": "it"}, b"png") == \
        library.want_drawing("card", {"lang": "it", "title": "T"}, b"png")


def test_every_size_is_made_from_the_source_or_a_larger_size_never_enlarged():
    # Noise shows an enlargement: a size made from a smaller one loses the detail that a direct
    # reduction of the source (with the plugin's filter) keeps.
    from PIL import ImageChops, ImageStat

    from images.process import RESAMPLING

    source = Image.effect_noise((400, 240), 80).convert("RGB")
    source.putalpha(200)  # translucent: the derivatives are PNG, lossless
    out = io.BytesIO()
    source.save(out, "PNG")
    _, outputs = make_derivatives(out.getvalue(), ImageOptions(widths=(80, 200)))
    for width, height in ((80, 48), (200, 120)):
        made, _ = _decoded(outputs, "png", width)
        direct = source.resize((width, height), RESAMPLING)
        assert max(ImageStat.Stat(ImageChops.difference(made, direct)).mean) < 3


@pytest.mark.parametrize("size, limit, sizes", [
    (1_050_000, 1_000_000, "1.1 MB, over the limit of 1.0 MB"),
    (2_000_000, 1_050_000, "2.0 MB, over the limit of 1.1 MB"),
])
def test_sizes_are_told_in_megabytes_of_a_million_bytes(size, limit, sizes):
    from images.process import check_size

    with pytest.raises(ImageProblem, match=f"^the file is {sizes}$"):
        check_size(size, limit)


def test_the_png_icons_are_optimised_smaller_than_pillows_default_png_of_them():
    for name, data in make_icons(samples.alpha_png()).items():
        if name.endswith(".png") and name != "icons/favicon-32.png":  # 32 px: a byte or two either way
            default = io.BytesIO()
            Image.open(io.BytesIO(data)).save(default, "PNG")
            assert len(data) < len(default.getvalue()), name


def test_the_favicon_holds_square_images_of_16_32_and_48_pixels():
    favicon = Image.open(io.BytesIO(make_icons(samples.alpha_png())["favicon.ico"]))
    assert favicon.info["sizes"] == {(16, 16), (32, 32), (48, 48)}


@pytest.mark.parametrize("width, height, limit, told", [
    (1500, 1000, 1_000_000, "1500x1000 (2 megapixels), over the limit of 1 megapixels"),  # 1.5 million
    (2000, 1000, 1_500_000, "2000x1000 (2 megapixels), over the limit of 2 megapixels"),
])
def test_pixels_are_told_in_megapixels_of_a_million(width, height, limit, told):
    from images.process import open_checked

    with pytest.raises(ImageProblem, match=f"^the image is {re.escape(told)}$"):
        open_checked(encoded(Image.new("1", (width, height)), "PNG"), limit)


def test_images_started_early_are_made_once_and_only_those_wanted_are_published_or_reported(tmp_path):
    images = tmp_path / "images"
    images.mkdir()
    (images / "a.jpg").write_bytes(samples.rotated_jpeg())
    (images / "unwanted.png").write_bytes(samples.alpha_png())
    (images / "broken.jpg").write_bytes(b"not a picture")  # unreferenced: never reported
    (images / "folder").mkdir()  # neither a folder nor a hidden file is an image to make
    (images / ".DS_Store").write_bytes(b"a file manager's own")
    library = ImageLibrary(images, tmp_path / "cache", ImageOptions(workers=2))
    # Each pool is shut down whatever happens: a failed assertion (a mutant's) left its idle workers behind.
    try:
        library.start_early([(_drawn_keys, ("icons-key",))])
        assert len(library.early) == 3
        library.want("a.jpg", Origin("content/news/x.it.md", 3, "image"))
        assert library.resolve() == []
        library.wait_early_jobs()
        assert list(library.entries) == ["a.jpg"] and (library.timings["made"], library.timings["reused"]) == (1, 0)
        assert library.drawn_early == {"icons-key"}
    finally:
        library.shutdown_pool()
    warm = ImageLibrary(images, tmp_path / "cache", ImageOptions(workers=2))
    try:
        warm.start_early()
        assert len(warm.early) == 1  # the broken file only (nothing of it is kept): the unwanted image was made once
        warm.want("unwanted.png", Origin("content/news/y.it.md", 4, "image"))
        assert warm.resolve() == [] and (warm.timings["made"], warm.timings["reused"]) == (0, 1)
    finally:
        warm.shutdown_pool()


def _drawn_keys(key):
    return [key]


def test_a_library_with_nothing_to_start_early_waits_for_nothing(tmp_path):
    # A warm build: every image and the icons cached, so start_early starts no pool, and the
    # drawings' planning still waits for the early jobs.
    library = ImageLibrary(tmp_path / "images", tmp_path / "cache", ImageOptions(workers=2))
    library.start_early()
    assert library.pool is None
    library.wait_early_jobs()
    assert library.drawn_early == set()


def test_a_pickled_library_leaves_this_processs_pools_and_futures_behind(tmp_path):
    import pickle
    from concurrent.futures import Future, ThreadPoolExecutor

    library = ImageLibrary(tmp_path / "images", tmp_path / "cache", ImageOptions(workers=2))
    library.want("a.png", Origin("content/a.md", 3, "image"))
    pool = ThreadPoolExecutor(max_workers=1)  # holds locks, as a process pool does: not picklable
    library.pool, library.early, library.early_jobs = pool, {"key": Future()}, [Future()]
    library.drawings_pending = (pool, [Future()])
    copy = pickle.loads(pickle.dumps(library))
    assert (copy.pool, copy.early, copy.early_jobs, copy.drawings_pending) == (None, {}, [], None)
    assert (copy.references, copy.options, copy.images_root) == (
        library.references, library.options, library.images_root)
    assert library.pool is pool and list(library.early) == ["key"]  # the library itself keeps them
