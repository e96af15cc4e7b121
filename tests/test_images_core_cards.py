"""Social cards drawn straight in the brand palette: colours, text fitting, the
shared parts drawn once per language, bytes that follow the spec only."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageFont

from conftest import ROOT
from images.drawing import (CARD_RAMPS, FALLBACK_FONTS, MARK_SCALE, _font, _text_layer, _wrap, card_colours,
                            card_palette, coverage_lut, draw_mark, draw_social_card, fit_title, font_files)
from images.palette import brand_palette

PALETTE = brand_palette(ROOT / "theme")
FONTS = font_files(str(ROOT / "node_modules" / "@fontsource" / "titillium-web" / "files"))


def _rgb(colour):
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))


def spec(title="Un laboratorio aperto", section="Notizie", lang="it"):
    return {"title": title, "section": section, "lang": lang, "site_name": "Manifattura Milano",
            "parent_body": "Comune di Milano", "width": 1200, "height": 630, "primary": PALETTE["primary"],
            "dark": PALETTE["dark"], "light": PALETTE["on_primary"], "fonts": FONTS}


@pytest.fixture(scope="module")
def mark():
    out = io.BytesIO()
    draw_mark(256, PALETTE["primary"], PALETTE["on_primary"], FONTS["bold"]).save(out, "PNG")
    return out.getvalue()


def card(mark, **values):
    image = Image.open(io.BytesIO(draw_social_card(spec(**values), mark)))
    image.load()
    return image


def rgb_pixels(image, box):
    return {colour for _, colour in image.convert("RGB").crop(box).getcolors(1 << 16)}


# The palette ------------------------------------------------------------------

def test_the_palette_has_16_colours_the_brand_ones_first_and_shades_between_each_ramps_ends():
    colours = card_colours(spec())
    palette, index = card_palette(colours)
    assert len(palette) == 16
    assert [palette[index[name]] for name in ("dark", "light", "primary")] == [
        _rgb(PALETTE["dark"]), _rgb(PALETTE["on_primary"]), _rgb(PALETTE["primary"])]
    assert index["dark"] == 0  # blank rows of a card are zero bytes: PNG filters skip them
    for start, end, shades in CARD_RAMPS:
        first, last = _rgb(colours[start]), _rgb(colours[end])
        ramp = palette[index[f"{start}>{end}"]: index[f"{start}>{end}"] + shades]
        assert len(ramp) == shades
        for channel in range(3):
            values = [first[channel]] + [shade[channel] for shade in ramp] + [last[channel]]
            assert values == sorted(values) or values == sorted(values, reverse=True), (start, end, channel)
    middle = palette[index["primary>light"]]
    assert middle == tuple(round((a + b) / 2) for a, b in zip(_rgb(PALETTE["primary"]), _rgb(PALETTE["on_primary"])))


def test_coverage_goes_from_the_background_through_every_shade_to_the_text_colour():
    lut = coverage_lut(background=0, foreground=1, first_shade=5, shades=5)
    assert len(lut) == 256
    assert lut[0] == 0 and lut[20] == 0 and lut[255] == 1 and lut[240] == 1
    assert lut[128] == 7  # half covered: the middle of five shades
    steps = [value for position, value in enumerate(lut) if position == 0 or value != lut[position - 1]]
    assert steps == [0, 5, 6, 7, 8, 9, 1]


def test_each_coverage_takes_the_nearest_level():
    # Five shades: the levels are 0, 42.5, 85, 127.5, 170, 212.5 and 255 of 255; 148.75 is halfway
    # between the third and fourth shade, 233.75 between the fifth shade and the text colour.
    lut = coverage_lut(background=0, foreground=1, first_shade=5, shades=5)
    assert (lut[148], lut[149], lut[233], lut[234]) == (7, 8, 9, 1)


# Fitting the title --------------------------------------------------------------

def width_of(text, size):
    return len(text) * size // 2  # every character half as wide as the font is tall


def test_a_short_title_gets_the_largest_size_on_one_line():
    assert fit_title("Laboratori aperti", width_of, 1056) == (64, ["Laboratori aperti"])


def test_a_longer_title_wraps_at_words_and_takes_a_smaller_size_before_being_cut():
    title = " ".join(["parola"] * 40)  # 3 lines of 64 px hold 15 words, 4 lines of 54 px 24
    size, lines = fit_title(title, width_of, 1056)
    assert size == 46 and len(lines) == 4
    assert lines[-1].endswith("…") and all(width_of(line, 46) <= 1056 for line in lines)
    size, lines = fit_title(" ".join(["parola"] * 20), width_of, 1056)
    assert size == 54 and not lines[-1].endswith("…")
    assert " ".join(lines).split() == ["parola"] * 20


def test_a_word_longer_than_a_line_keeps_a_line_of_its_own():
    size, lines = fit_title("Un " + "x" * 40 + " fine", width_of, 1056)
    assert (size, lines) == (64, ["Un", "x" * 40, "fine"])


# Cards ----------------------------------------------------------------------------

def test_a_card_is_a_16_colour_png_in_the_brand_palette(mark):
    image = card(mark)
    assert image.format == "PNG" and image.size == (1200, 630) and image.mode == "P"
    rgb = image.convert("RGB")
    assert rgb.getpixel((5, 5)) == _rgb(PALETTE["dark"])
    assert rgb.getpixel((600, 625)) == _rgb(PALETTE["primary"])  # the band at the bottom
    assert len(image.getcolors()) <= 16


def test_the_title_is_white_on_the_band_colour_and_the_section_in_its_tint(mark):
    image = card(mark, title="Officina", section="Bandi")
    title_row = rgb_pixels(image, (72, 250, 600, 330))
    assert _rgb(PALETTE["on_primary"]) in title_row and _rgb(PALETTE["dark"]) in title_row
    assert (0x8F, 0xC3, 0xF5) in rgb_pixels(image, (72, 198, 400, 240))
    without = card(mark, title="Officina", section="")
    assert rgb_pixels(without, (72, 198, 400, 240)) == {_rgb(PALETTE["dark"])}


def test_cards_differ_only_where_their_own_text_is(mark):
    first = card(mark, title="Officina tessile").convert("RGB")
    other = card(mark, title="Stampa 3D per tutti").convert("RGB")

    left, top, right, bottom = ImageChops.difference(first, other).getbbox()
    assert left >= 72 - 16 and top >= 250 - 16 and bottom <= 250 + 2 * 64


def test_the_title_is_drawn_at_the_margin_below_the_label(mark):
    # The title's ink is where Pillow draws the text at (72, 250) in the size the title takes.
    def ink(image):
        return ImageChops.difference(image.crop((0, 200, 1200, 500)), Image.new("RGB", (1200, 300), dark)).getbbox()

    dark = _rgb(PALETTE["dark"])
    size, lines = fit_title("Officina", lambda text, px: _font(FONTS["bold"], px).getlength(text), 1200 - 2 * 72)
    drawn = Image.new("RGB", (1200, 630), dark)
    ImageDraw.Draw(drawn).text((72, 250), lines[0], font=_font(FONTS["bold"], size), fill=_rgb(PALETTE["on_primary"]))
    assert ink(card(mark, title="Officina", section="").convert("RGB")) == ink(drawn)


def test_the_section_label_is_drawn_in_capitals_above_the_title(mark):
    def ink(image):
        return ImageChops.difference(image.crop((0, 180, 1200, 240)), Image.new("RGB", (1200, 60), dark)).getbbox()

    dark = _rgb(PALETTE["dark"])
    drawn = Image.new("RGB", (1200, 630), dark)
    ImageDraw.Draw(drawn).text((72, 198), "BANDI", font=_font(FONTS["bold"], 28), fill=(0x8F, 0xC3, 0xF5))
    assert ink(card(mark, title="Officina", section="Bandi").convert("RGB")) == ink(drawn)


@pytest.mark.parametrize("title, lines", [
    ("Officina tessile e laboratorio di ricamo", 1),  # 1,051 px at 64 px: fits the 1,056 px between the margins
    ("Officina e laboratorio di stampa 3D aperto", 2),  # 1,158 px: wraps
])
def test_a_title_fills_the_width_between_the_margins_then_wraps_1_18_sizes_apart(mark, title, lines):
    def ink(image):
        return ImageChops.difference(image.crop((0, 200, 1200, 500)), Image.new("RGB", (1200, 300), dark)).getbbox()

    dark = _rgb(PALETTE["dark"])
    size, wrapped = fit_title(title, lambda text, px: _font(FONTS["bold"], px).getlength(text), 1200 - 2 * 72)
    assert (size, len(wrapped)) == (64, lines)
    drawn = Image.new("RGB", (1200, 630), dark)
    for row, line in enumerate(wrapped):
        ImageDraw.Draw(drawn).text((72, 250 + row * int(64 * 1.18)), line, font=_font(FONTS["bold"], 64),
                                   fill=_rgb(PALETTE["on_primary"]))
    assert ink(card(mark, title=title, section="").convert("RGB")) == ink(drawn)


def test_a_title_on_four_lines_leaves_the_badge_whole(mark):
    # Its text layer reaches over the badge's top edge: only the letters are pasted, not the layer.
    long = card(mark, title="Un titolo lunghissimo " * 8).convert("RGB").crop((1000, 520, 1140, 590))
    short = card(mark, title="Breve").convert("RGB").crop((1000, 520, 1140, 590))
    assert long.tobytes() == short.tobytes()


def test_each_language_has_its_badge_whatever_card_was_drawn_before(mark):
    # The shared parts are drawn once per language: an English card drawn
    # after an Italian one must not reuse the Italian badge.
    italian = card(mark, lang="it").convert("RGB").crop((1000, 520, 1140, 590))
    english = card(mark, lang="en").convert("RGB").crop((1000, 520, 1140, 590))
    assert italian.tobytes() != english.tobytes()


def test_the_same_spec_gives_the_same_bytes_after_other_cards(mark):
    first = draw_social_card(spec(title="Primo"), mark)
    draw_social_card(spec(title="Un titolo molto più lungo che occupa due righe della scheda"), mark)
    assert draw_social_card(spec(title="Primo"), mark) == first


def test_a_new_drawing_version_gives_every_card_a_new_key_and_photos_keep_theirs(tmp_path, monkeypatch):
    import images.library

    library = images.library.ImageLibrary(tmp_path / "images", tmp_path / "cache", images.library.ImageOptions())
    photos = library.options.fingerprint()
    before = library.want_drawing("card", spec(), b"mark")
    assert library.want_drawing("card", spec(), b"mark") == before
    monkeypatch.setattr(images.library, "DRAWING_VERSION", images.library.DRAWING_VERSION + 1)
    assert library.want_drawing("card", spec(), b"mark") != before
    assert library.options.fingerprint() == photos


def test_the_mark_is_drawn_once_then_read_from_the_cache(tmp_path):
    import images.library

    drawn = []

    def draw():
        drawn.append(1)
        return b"mark png"

    def library():
        return images.library.ImageLibrary(tmp_path / "images", tmp_path / "cache", images.library.ImageOptions())

    spec = {"mark": 1024, "primary": "#0055a4", "fonts": {"bold": FONTS["bold"]}}
    assert library().kept_drawing(spec, draw) == b"mark png"
    assert library().kept_drawing(spec, draw) == b"mark png" and len(drawn) == 1
    assert library().kept_drawing(dict(spec, primary="#000000"), draw) == b"mark png" and len(drawn) == 2


def test_the_mark_is_an_m_over_three_bars_on_a_rounded_square():
    mark = draw_mark(256, "#0055a4", "#f0f0f0", FONTS["bold"])
    assert (mark.mode, mark.size) == ("RGBA", (256, 256))
    # The letter's stem and the first bar are in the light colour given (not Pillow's default white).
    assert [mark.getpixel(p) for p in ((80, 100), (128, 176))] == [(240, 240, 240, 255)] * 2
    light = mark.convert("RGB").getchannel("R").point(lambda v: 255 if v > 200 else 0)
    # The bars: each row's light span, drawn at 4x (1,024 px) and reduced.
    spans = {}
    for y in range(160, 256):
        row = [x for x in range(256) if light.getpixel((x, y))]
        if row:
            spans.setdefault((row[0], row[-1]), []).append(y)
    assert {span: (rows[0], rows[-1]) for span, rows in spans.items()} == {
        (57, 198): (169, 184), (72, 183): (195, 209), (87, 168): (220, 235)}
    # The M, centred across and 37 % down, above the bars.
    left, top, right, bottom = light.crop((0, 0, 256, 160)).getbbox()
    assert (left + right) / 2 == 128 and abs((top + bottom) / 2 - 0.37 * 256) <= 1.5 and bottom - top > 100
    # Rounded corners (a radius of a sixth): transparent corners, the primary blue along the edges.
    assert [mark.getpixel(p) for p in ((0, 0), (6, 6), (249, 249), (0, 255))] == [(0, 0, 0, 0)] * 4
    # Along the diagonal the curve of a 42.7 px radius (a sixth of 256) crosses at 12.5 px:
    # pixel 12 alone is partly covered (each pixel the mean of 4 x 4 drawn ones).
    assert [mark.getpixel((i, i))[3] for i in (11, 12, 13)] == [0, 96, 255]
    assert mark.getpixel((12, 12)) == (0, 85, 164, 96)  # a partly covered edge keeps its colour (not premultiplied)
    assert [mark.getpixel(p) for p in ((128, 0), (0, 128), (255, 128), (128, 255), (30, 30))] == [
        (0, 85, 164, 255)] * 5


# Wrapping, the text layer and the font files, called directly ------------------

@pytest.mark.parametrize("text, max_width, max_lines, lines", [
    ("aa bb cc", 5, 3, ["aa bb", "cc"]),                 # a line exactly as wide as allowed
    ("aa bb cc", 4, 3, ["aa", "bb", "cc"]),              # exactly as many lines as allowed: no ellipsis
    ("  aa   bb  ", 5, 2, ["aa bb"]),
    ("abcdefgh x", 3, 3, ["abcdefgh", "x"]),             # a longer word gets its own line
    ("aa bb cc dd", 6, 1, ["aa bb…"]),                   # the ellipsis fits exactly
    ("aa bb cc dd", 5, 1, ["aa…"]),                      # cut at a word
    ("aa bb cc dd ee", 8, 1, ["aa bb…"]),                # only the last word goes
    ("aa b cc dd", 5, 2, ["aa b", "cc dd"]),
    ("aa bb cc", 2, 2, ["aa", "b…"]),                    # a word cut by characters
    ("abcdefgh x", 3, 1, ["ab…"]),
    ("aa bb cc", 0, 1, ["…"]),                           # nothing fits: the ellipsis alone
    ("", 5, 1, []),
])
def test_wrapping_at_each_edge(text, max_width, max_lines, lines):
    assert _wrap(len, text, max_width, max_lines) == lines


def test_a_text_layer_is_the_lines_coverage_as_palette_indices_with_its_mask_and_pad():
    font = _font(FALLBACK_FONTS["bold"], 40)
    lut = [0] + [1 + coverage // 64 for coverage in range(1, 256)]
    palette = [0, 0, 0, 50, 50, 50, 100, 100, 100, 200, 200, 200, 255, 255, 255]
    indices, mask, pad = _text_layer(["Il", "Il"], font, 50, lut, palette)
    # pad = 40 // 4; width: the widest line (28.6 px) + the size + pad; height: one line step + twice the size + pad.
    assert (pad, indices.size, mask.size, indices.mode, mask.mode) == (10, (78, 140), (78, 140), "P", "1")
    assert indices.getpalette()[:15] == palette
    assert indices.histogram()[:6] == [9918, 58, 118, 60, 766, 0]
    assert mask.histogram()[0] == 9918 and mask.histogram()[255] == 1002
    assert mask.getbbox() == (13, 18, 36, 98)
    # The second line is the first one a line step lower.
    assert mask.crop((0, 0, 78, 50)).tobytes() == mask.crop((0, 50, 78, 100)).tobytes()
    assert _text_layer(["Il", "Ilio"], font, 50, lut, palette)[0].size == (119, 140)
    assert _text_layer(["Il"], _font(FALLBACK_FONTS["bold"], 41), 0, lut, palette)[0].size == (80, 92)


def test_the_brand_font_files_are_taken_from_the_folder_when_there(tmp_path):
    dejavu = {"bold": "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
              "regular": "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"}
    assert font_files(None) == dejavu and font_files("") == dejavu and font_files(str(tmp_path)) == dejavu
    (tmp_path / "titillium-web-latin-700-normal.woff2").write_bytes(b"font")
    (tmp_path / "titillium-web-latin-400-normal.woff2").mkdir()
    assert font_files(str(tmp_path)) == {"bold": str(tmp_path / "titillium-web-latin-700-normal.woff2"),
                                         "regular": dejavu["regular"]}
    (tmp_path / "titillium-web-latin-400-normal.woff2").rmdir()
    (tmp_path / "titillium-web-latin-400-normal.woff2").write_bytes(b"font")
    assert font_files(str(tmp_path)) == {"bold": str(tmp_path / "titillium-web-latin-700-normal.woff2"),
                                         "regular": str(tmp_path / "titillium-web-latin-400-normal.woff2")}
    assert FALLBACK_FONTS == dejavu


# The mark drawn one band at a time to spare memory has the pixels of the same
# drawing made as one RGBA image and reduced by Pillow's reduce() (moved from
# test_images_core_mark.py, which the mutation run's test selection left out).


def mark_in_one_image(size, primary, light, bold_font):
    """The drawing as it was before it went band by band: one RGBA image, MARK_SCALE times the size."""
    big = size * MARK_SCALE
    mark = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(mark)
    draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=big // 6, fill=primary)
    font = ImageFont.truetype(bold_font, int(big * 0.62))
    left, top, right, bottom = draw.textbbox((0, 0), "M", font=font)
    draw.text(((big - (right - left)) / 2 - left, big * 0.37 - (bottom - top) / 2 - top), "M", font=font, fill=light)
    bar = big // 16
    for row in range(3):
        inset = big * (0.22 + 0.06 * row)
        top_edge = big * 0.66 + row * bar * 1.6
        draw.rectangle((inset, top_edge, big - inset, top_edge + bar), fill=light)
    return mark.reduce(MARK_SCALE)


@pytest.mark.parametrize("primary, light, font", [
    (PALETTE["primary"], PALETTE["on_primary"], FONTS["bold"]),
    ("#123456", "#fedcba", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
])
def test_the_mark_drawn_band_by_band_has_the_pixels_of_one_rgba_drawing(primary, light, font):
    banded = draw_mark(96, primary, light, font)
    assert banded.mode == "RGBA"
    assert banded.tobytes() == mark_in_one_image(96, primary, light, font).tobytes()
