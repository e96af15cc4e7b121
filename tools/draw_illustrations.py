"""Draw the site's illustrations: flat, geometric, in the brand's colours.

    .venv/bin/python tools/draw_illustrations.py [OUTPUT_DIR]

writes one PNG (1600x900, no text) per subject into OUTPUT_DIR (default
content/images/illustrations/): the six areas of intervention of
data/areas.yaml and the subjects of the case studies. The drawings are the
project's own work, published under CC BY 4.0 like the content.

Deterministic: no randomness, no clock, no fonts, no external files; PNGs are
written without metadata, so two runs give byte-identical files. Shapes are
drawn at twice the size and reduced (smooth edges), then reduced to a small
palette so that flat colours compress well.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

from PIL import Image, ImageDraw

WIDTH, HEIGHT = 1600, 900
SCALE = 2  # supersampling factor
COLOURS = 64  # palette size of the saved PNG

# Brand palette: the design tokens of theme/static/css/site.css, its one source.
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))
from images.palette import css_tokens  # noqa: E402

TOKENS = css_tokens((ROOT / "theme" / "static" / "css" / "site.css").read_text(encoding="utf-8"))
BLUE_900, BLUE_800, BLUE_700 = TOKENS["mm-blue-900"], TOKENS["mm-blue-800"], TOKENS["mm-blue-700"]
BLUE_100, BLUE_050 = TOKENS["mm-blue-100"], TOKENS["mm-blue-050"]
RED_700, AMBER_300 = TOKENS["mm-red-700"], TOKENS["mm-amber-300"]
GREY_300, GREY_600, WHITE = TOKENS["mm-grey-300"], TOKENS["mm-grey-600"], TOKENS["mm-white"]
# Two in-between tints of the brand blue, for depth without new hues.
BLUE_400 = "#6f9fd2"
BLUE_200 = "#b3cde9"
WOOD = "#d9a35c"  # amber darkened towards natural wood
WOOD_DARK = "#a8742f"

DEFAULT_OUTPUT = ROOT / "content" / "images" / "illustrations"


class Canvas:
    """Coordinates in the 1600x900 frame; drawing happens at SCALE times."""

    def __init__(self, background=BLUE_050):
        self.image = Image.new("RGB", (WIDTH * SCALE, HEIGHT * SCALE), background)
        self.draw = ImageDraw.Draw(self.image)

    @staticmethod
    def _s(values):
        return [round(v * SCALE) for v in values]

    def rect(self, x0, y0, x1, y1, fill, radius=0):
        box = self._s((x0, y0, x1, y1))
        if radius:
            self.draw.rounded_rectangle(box, radius=radius * SCALE, fill=fill)
        else:
            self.draw.rectangle(box, fill=fill)

    def circle(self, cx, cy, r, fill):
        self.draw.ellipse(self._s((cx - r, cy - r, cx + r, cy + r)), fill=fill)

    def ring(self, cx, cy, r, width, fill):
        self.draw.ellipse(self._s((cx - r, cy - r, cx + r, cy + r)), outline=fill, width=round(width * SCALE))

    def ellipse(self, x0, y0, x1, y1, fill):
        self.draw.ellipse(self._s((x0, y0, x1, y1)), fill=fill)

    def poly(self, points, fill):
        self.draw.polygon([(x * SCALE, y * SCALE) for x, y in points], fill=fill)

    def line(self, points, width, fill):
        """A polyline with round joints and ends."""
        self.draw.line([(x * SCALE, y * SCALE) for x, y in points], fill=fill, width=round(width * SCALE),
                       joint="curve")
        for x, y in (points[0], points[-1]):
            self.circle(x, y, width / 2, fill)

    def arc(self, cx, cy, r, start, end, width, fill):
        self.draw.arc(self._s((cx - r, cy - r, cx + r, cy + r)), start, end, fill=fill, width=round(width * SCALE))

    def pieslice(self, cx, cy, r, start, end, fill):
        self.draw.pieslice(self._s((cx - r, cy - r, cx + r, cy + r)), start, end, fill=fill)

    def finish(self) -> Image.Image:
        small = self.image.resize((WIDTH, HEIGHT), Image.Resampling.LANCZOS)
        return small.quantize(colors=COLOURS, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)


def backdrop(c: Canvas, disc=(1100, 420, 330), floor=760):
    """The shared setting: a pale disc behind the subject and a floor band."""
    cx, cy, r = disc
    c.circle(cx, cy, r, BLUE_100)
    c.rect(0, floor, WIDTH, HEIGHT, BLUE_100)
    c.rect(0, floor, WIDTH, floor + 8, BLUE_200)


# --- the six areas of intervention -------------------------------------------------

def studi_ricerche(c: Canvas):
    """Research: two report sheets with charts, a magnifying glass over them."""
    backdrop(c, (1060, 400, 340))
    # back sheet
    c.rect(520, 170, 960, 740, BLUE_200, 12)
    # front sheet
    c.rect(640, 230, 1080, 800, WHITE, 12)
    c.rect(690, 280, 900, 300, BLUE_900, 6)
    for i, w in enumerate((330, 300, 320, 240)):
        c.rect(690, 330 + i * 34, 690 + w, 344 + i * 34, GREY_300, 6)
    # bar chart on the front sheet
    base = 720
    for i, h in enumerate((110, 170, 140, 230)):
        x = 700 + i * 80
        c.rect(x, base - h, x + 52, base, BLUE_700 if i < 3 else RED_700, 4)
    c.rect(690, base, 1030, base + 6, BLUE_900)
    # magnifying glass
    c.line([(1180, 640), (1290, 750)], 40, BLUE_900)
    c.circle(1100, 560, 125, BLUE_050)
    c.ring(1100, 560, 125, 28, BLUE_900)
    c.arc(1100, 560, 85, 200, 260, 14, WHITE)
    # a globe: international benchmarks
    c.circle(360, 380, 130, BLUE_700)
    c.ring(360, 380, 130, 10, BLUE_900)
    c.ellipse(300, 250, 420, 510, BLUE_400)
    c.ellipse(340, 250, 380, 510, BLUE_700)
    c.rect(232, 376, 488, 386, BLUE_400)
    c.rect(250, 310, 470, 318, BLUE_400)
    c.rect(250, 444, 470, 452, BLUE_400)
    c.rect(340, 520, 380, 660, GREY_600)
    c.rect(280, 660, 440, 690, BLUE_900, 8)


def comunicazione(c: Canvas):
    """Communication: a website on a screen and a phone, speech bubbles."""
    backdrop(c, (800, 420, 360))
    # monitor
    c.rect(420, 180, 1120, 620, BLUE_900, 18)
    c.rect(444, 204, 1096, 596, WHITE, 6)
    c.rect(444, 204, 1096, 262, BLUE_700)   # header band
    c.rect(470, 222, 506, 244, WHITE, 4)       # mark
    c.rect(484, 226, 498, 240, RED_700)
    c.rect(470, 290, 760, 330, BLUE_900, 6)  # heading block
    c.rect(470, 350, 720, 364, GREY_300, 6)
    c.rect(470, 378, 740, 392, GREY_300, 6)
    c.rect(470, 420, 600, 456, RED_700, 18)  # button
    c.rect(800, 290, 1070, 470, BLUE_100, 8)  # picture block
    c.poly([(820, 450), (900, 360), (960, 420), (1000, 380), (1050, 450)], BLUE_400)
    c.circle(1010, 330, 22, AMBER_300)
    for i in range(3):
        x = 470 + i * 205
        c.rect(x, 500, x + 180, 570, BLUE_050, 8)
        c.rect(x + 16, 516, x + 120, 528, BLUE_700, 6)
    c.rect(720, 620, 820, 700, BLUE_800)
    c.rect(620, 700, 920, 730, BLUE_900, 10)
    # phone
    c.rect(1150, 360, 1330, 740, BLUE_900, 24)
    c.rect(1166, 392, 1314, 700, WHITE, 6)
    c.rect(1166, 392, 1314, 430, BLUE_700)
    c.rect(1182, 450, 1298, 520, BLUE_100, 6)
    c.rect(1182, 540, 1280, 552, GREY_300, 6)
    c.rect(1182, 566, 1260, 578, GREY_300, 6)
    c.rect(1182, 600, 1260, 628, RED_700, 14)
    # speech bubbles
    c.rect(180, 250, 380, 380, BLUE_700, 40)
    c.poly([(250, 370), (300, 370), (230, 430)], BLUE_700)
    for i in range(3):
        c.circle(230 + i * 50, 315, 14, WHITE)
    c.rect(230, 440, 380, 540, BLUE_400, 36)
    c.poly([(330, 530), (360, 530), (380, 580)], BLUE_400)


def laboratori_servizi(c: Canvas):
    """Labs and services: a neighbourhood FabLab, a workshop with a sawtooth roof."""
    backdrop(c, (1140, 380, 320))
    # building
    x0, x1, top = 360, 1240, 330
    c.rect(x0, top, x1, 760, BLUE_700)
    teeth = 4
    w = (x1 - x0) / teeth
    for i in range(teeth):
        a = x0 + i * w
        c.poly([(a, top), (a, top - 110), (a + w, top)], BLUE_900)
        c.poly([(a, top - 110), (a + 26, top - 100), (a + 26, top - 6), (a, top)], BLUE_400)
    # big window showing the machines
    c.rect(420, 390, 1000, 680, BLUE_050, 6)
    c.rect(420, 640, 1000, 680, BLUE_100)
    # 3D printer
    c.rect(450, 440, 610, 640, GREY_300, 6)
    c.rect(466, 456, 594, 620, BLUE_050)
    c.rect(466, 480, 594, 494, BLUE_900)
    c.rect(520, 494, 540, 520, BLUE_900)
    c.rect(500, 580, 560, 620, RED_700)
    c.rect(510, 560, 550, 580, RED_700)
    # laser cutter
    c.rect(650, 520, 960, 640, BLUE_900, 8)
    c.poly([(660, 520), (700, 460), (910, 460), (950, 520)], BLUE_800)
    c.rect(720, 475, 890, 505, BLUE_400, 4)
    c.rect(676, 560, 760, 576, BLUE_400, 6)
    c.circle(920, 568, 12, RED_700)
    # window mullions
    c.rect(706, 390, 714, 460, BLUE_700)
    c.rect(420, 390, 1000, 398, BLUE_700)
    # door
    c.rect(1060, 470, 1190, 760, BLUE_900, 6)
    c.rect(1080, 490, 1170, 600, BLUE_400, 4)
    c.circle(1160, 640, 8, WHITE)
    # awning above the door
    c.rect(1040, 440, 1210, 462, RED_700, 6)
    # people arriving
    for x, body in ((230, BLUE_900), (1330, RED_700)):
        c.circle(x, 560, 30, BLUE_800)
        c.rect(x - 38, 600, x + 38, 760, body, 30)


def spazi_citta(c: Canvas):
    """City spaces: a map of city blocks, one free space marked by a pin."""
    c.rect(0, 0, WIDTH, HEIGHT, BLUE_050)
    # map sheet
    c.rect(220, 110, 1380, 800, BLUE_100, 16)
    street = 34
    xs = [220, 470, 760, 1010, 1380]
    ys = [110, 330, 560, 800]
    tones = [BLUE_200, BLUE_400, BLUE_200, BLUE_200,
             BLUE_400, BLUE_200, WHITE, BLUE_400,
             BLUE_200, BLUE_200, BLUE_400, BLUE_200]
    k = 0
    for j in range(len(ys) - 1):
        for i in range(len(xs) - 1):
            a, b = xs[i] + (street / 2 if i else 30), xs[i + 1] - (street / 2 if i < len(xs) - 2 else 30)
            t, u = ys[j] + (street / 2 if j else 30), ys[j + 1] - (street / 2 if j < len(ys) - 2 else 30)
            c.rect(a, t, b, u, tones[k], 8)
            k += 1
    # a park gives the map its place
    c.rect(504, 594, 726, 770, "#9cc4a8", 8)
    c.circle(570, 660, 34, "#6ea884")
    c.circle(660, 700, 44, "#6ea884")
    # the free space: the white block, hatched, with a pin
    block = (793, 347, 993, 543)
    for i in range(9):
        x = block[0] + 10 + i * 24
        c.line([(x, block[3] - 10), (min(x + 80, block[2] - 10), max(block[3] - 90, block[1] + 10))], 6, BLUE_100)
    c.rect(block[0], block[1], block[2], block[1] + 8, RED_700)
    c.rect(block[0], block[3] - 8, block[2], block[3], RED_700)
    c.rect(block[0], block[1], block[0] + 8, block[3], RED_700)
    c.rect(block[2] - 8, block[1], block[2], block[3], RED_700)
    px, py = 893, 330
    c.ellipse(px - 40, py + 120, px + 40, py + 140, BLUE_900)
    c.circle(px, py, 70, RED_700)
    c.poly([(px - 60, py + 36), (px + 60, py + 36), (px, py + 130)], RED_700)
    c.circle(px, py, 28, WHITE)
    # other candidate spaces, smaller markers
    for x, y in ((345, 220), (1195, 455), (615, 445)):
        c.circle(x, y, 20, BLUE_900)
        c.circle(x, y, 8, WHITE)


def sostegno_investimenti(c: Canvas):
    """Support for investment: coin stacks growing, an upward trend, a seedling."""
    backdrop(c, (800, 400, 360))
    base = 760
    for i, n in enumerate((3, 6, 9, 13)):
        x = 380 + i * 230
        for k in range(n):
            y = base - (k + 1) * 36
            c.ellipse(x, y, x + 170, y + 44, BLUE_900)
            c.ellipse(x, y - 8, x + 170, y + 36, BLUE_700 if k % 2 else BLUE_400)
        top = base - n * 36 - 8
        c.ellipse(x, top, x + 170, top + 44, AMBER_300 if i == 3 else BLUE_200)
        c.ellipse(x + 50, top + 12, x + 120, top + 32, WOOD if i == 3 else BLUE_400)
    # trend arrow
    pts = [(330, 520), (560, 440), (760, 470), (1010, 300), (1230, 200)]
    c.line(pts, 22, RED_700)
    c.poly([(1270, 170), (1190, 180), (1250, 250)], RED_700)
    # seedling: investment that grows
    c.line([(1370, 760), (1370, 600)], 14, "#3f8a5c")
    c.ellipse(1290, 590, 1370, 630, "#6ea884")
    c.ellipse(1370, 550, 1460, 595, "#3f8a5c")
    c.rect(1310, 700, 1430, 770, BLUE_900, 10)


def educazione_formazione_lavoro(c: Canvas):
    """Education, training and work: a school board with a making project, books, a cap."""
    backdrop(c, (760, 380, 360))
    # board
    c.rect(400, 150, 1120, 560, BLUE_900, 14)
    c.rect(424, 174, 1096, 536, BLUE_800, 6)
    # drawing on the board: a simple object, its parts and dimensions
    c.ring(580, 330, 90, 10, WHITE)
    c.circle(580, 330, 24, WHITE)
    c.line([(700, 250), (1040, 250)], 8, BLUE_400)
    c.line([(700, 310), (980, 310)], 8, BLUE_400)
    c.line([(700, 370), (1010, 370)], 8, BLUE_400)
    c.rect(700, 420, 880, 500, AMBER_300, 8)
    c.rect(900, 420, 1040, 500, WHITE, 8)
    c.rect(400, 560, 1120, 580, GREY_600, 4)
    c.rect(470, 580, 490, 760, GREY_600)
    c.rect(1030, 580, 1050, 760, GREY_600)
    # books
    for i, (w, col) in enumerate(((300, BLUE_700), (270, RED_700), (320, BLUE_400))):
        y = 740 - (i + 1) * 54
        c.rect(170, y, 170 + w, y + 50, col, 6)
        c.rect(180 + w - 40, y + 10, 170 + w - 6, y + 40, WHITE, 2)
    # graduation cap
    cx, cy = 1320, 540
    c.rect(cx - 90, cy, cx + 90, cy + 90, BLUE_900, 12)
    c.poly([(cx, cy - 80), (cx + 190, cy), (cx, cy + 70), (cx - 190, cy)], BLUE_700)
    c.line([(cx, cy), (cx + 150, cy + 20), (cx + 150, cy + 130)], 8, AMBER_300)
    c.circle(cx + 150, cy + 140, 16, AMBER_300)
    # gear: work
    gx, gy, gr = 1290, 250, 70
    for k in range(8):
        a = math.radians(k * 45)
        c.line([(gx, gy), (gx + math.cos(a) * (gr + 22), gy + math.sin(a) * (gr + 22))], 34, BLUE_700)
    c.circle(gx, gy, gr, BLUE_700)
    c.circle(gx, gy, 26, BLUE_050)


# --- the case studies' subjects ----------------------------------------------------

def stampa_3d(c: Canvas):
    """3D printing: a printer building a vase layer by layer, a filament spool."""
    backdrop(c, (820, 420, 350))
    # printer frame
    c.rect(440, 140, 480, 760, BLUE_900, 8)
    c.rect(1000, 140, 1040, 760, BLUE_900, 8)
    c.rect(440, 130, 1040, 180, BLUE_900, 8)
    c.rect(420, 720, 1060, 770, BLUE_900, 10)
    # gantry and head
    c.rect(480, 300, 1000, 324, GREY_600)
    c.rect(760, 270, 860, 380, BLUE_700, 10)
    c.poly([(790, 380), (830, 380), (810, 410)], GREY_600)
    c.rect(806, 410, 814, 420, RED_700)
    # build plate
    c.rect(520, 680, 960, 704, GREY_600, 4)
    # the printed vase, layer lines
    for k in range(11):
        y = 680 - (k + 1) * 24
        half = 110 - 40 * math.sin(k / 10 * math.pi)
        col = RED_700 if k % 2 == 0 else "#c9384c"
        c.rect(810 - half, y, 810 + half, y + 24, col)
    # filament from the spool to the head
    c.line([(1250, 345), (1250, 230), (1120, 210), (860, 270)], 6, RED_700)
    # spool
    c.circle(1250, 480, 140, BLUE_700)
    c.circle(1250, 480, 120, RED_700)
    for r in (100, 80):
        c.ring(1250, 480, r, 3, "#8e0e22")
    c.circle(1250, 480, 56, BLUE_700)
    c.circle(1250, 480, 26, BLUE_050)
    c.rect(1190, 620, 1310, 760, BLUE_800, 10)
    # a few printed parts on the floor
    c.rect(250, 690, 330, 760, BLUE_400, 8)
    c.poly([(340, 760), (380, 680), (420, 760)], BLUE_700)


def tessile(c: Canvas):
    """Textiles: fabric offcuts given new life, thread spools, scissors, a needle."""
    backdrop(c, (820, 400, 350))
    # stacked fabric offcuts
    swatches = [((360, 560, 860, 700), BLUE_700), ((400, 470, 880, 580), AMBER_300),
                ((340, 380, 820, 490), RED_700), ((420, 300, 860, 400), BLUE_400)]
    for (x0, y0, x1, y1), col in swatches:
        c.rect(x0, y0, x1, y1, col, 10)
    # stripes and dots on two swatches: patterns of the offcuts
    for k in range(4):
        c.rect(470 + k * 100, 300, 510 + k * 100, 400, BLUE_200)
    for k in range(7):
        c.circle(430 + k * 60, 535, 10, WHITE)
    # pinked (zigzag) edge of the bottom swatch
    teeth = [(360 + k * 25, 700 + (12 if k % 2 else 0)) for k in range(21)]
    c.poly([(360, 690)] + teeth + [(860, 690)], BLUE_700)
    # a new bag made from the offcuts
    c.arc(1210, 430, 90, 180, 360, 20, BLUE_700)
    c.poly([(1060, 430), (1360, 430), (1330, 740), (1090, 740)], BLUE_700)
    c.poly([(1080, 560), (1345, 560), (1338, 630), (1086, 630)], BLUE_200)
    c.poly([(1086, 630), (1338, 630), (1333, 680), (1090, 680)], RED_700)
    # thread spools
    for x, col in ((960, RED_700), (1420, BLUE_700)):
        c.rect(x - 45, 640, x + 45, 660, WOOD_DARK, 4)
        c.rect(x - 35, 660, x + 35, 740, col, 4)
        c.rect(x - 45, 740, x + 45, 760, WOOD_DARK, 4)
    # scissors
    c.ring(240, 300, 46, 16, BLUE_900)
    c.ring(240, 420, 46, 16, BLUE_900)
    c.poly([(270, 330), (500, 200), (510, 214), (288, 360)], GREY_600)
    c.poly([(270, 390), (500, 520), (510, 506), (288, 360)], GREY_600)
    c.circle(300, 360, 10, BLUE_900)
    # needle and thread
    c.line([(980, 200), (1200, 140)], 8, GREY_600)
    c.arc(1240, 210, 75, 250, 100, 6, RED_700)


def falegnameria(c: Canvas):
    """Woodwork: a laser cutter on the bench cutting shapes from a board, a stool, hand tools."""
    backdrop(c, (760, 400, 340))
    # workbench
    c.rect(250, 560, 1060, 600, WOOD_DARK, 6)
    c.rect(290, 600, 330, 760, WOOD_DARK)
    c.rect(980, 600, 1020, 760, WOOD_DARK)
    c.rect(290, 690, 1020, 710, WOOD_DARK)
    # laser cutter frame on the bench
    c.rect(330, 230, 370, 560, BLUE_900, 6)
    c.rect(930, 230, 970, 560, BLUE_900, 6)
    c.rect(330, 220, 970, 262, BLUE_900, 8)
    c.rect(370, 320, 930, 338, GREY_600)
    c.rect(590, 290, 710, 380, BLUE_700, 10)
    c.poly([(620, 380), (680, 380), (650, 418)], GREY_600)
    c.line([(650, 418), (650, 505)], 6, RED_700)
    c.circle(650, 508, 12, AMBER_300)
    # board with grain, and the shapes being cut
    c.rect(380, 500, 920, 560, WOOD, 4)
    for x, w in ((400, 120), (700, 90), (820, 70)):
        c.rect(x, 542, x + w, 548, WOOD_DARK, 3)
    c.ring(470, 521, 16, 4, WOOD_DARK)
    c.line([(540, 512), (640, 512)], 4, RED_700)
    c.line([(740, 512), (790, 512), (790, 532), (740, 532), (740, 512)], 4, WOOD_DARK)
    # a finished stool on the floor
    c.rect(1110, 540, 1330, 574, WOOD, 10)
    c.poly([(1135, 574), (1160, 574), (1140, 760), (1115, 760)], WOOD_DARK)
    c.poly([(1280, 574), (1305, 574), (1325, 760), (1300, 760)], WOOD_DARK)
    c.rect(1130, 670, 1310, 684, WOOD_DARK)
    # pegboard with hand tools: the craft
    c.rect(1080, 150, 1420, 420, BLUE_100, 12)
    for x in range(1110, 1420, 40):
        for y in range(175, 420, 40):
            c.circle(x, y, 4, BLUE_200)
    c.rect(1120, 200, 1140, 320, WOOD_DARK, 6)          # chisel
    c.rect(1124, 320, 1136, 380, GREY_600)
    c.poly([(1180, 210), (1330, 210), (1330, 250), (1180, 300)], GREY_600)  # saw
    c.rect(1320, 200, 1380, 262, WOOD_DARK, 12)
    c.rect(1180, 320, 1300, 344, GREY_600, 4)            # hammer
    c.rect(1232, 344, 1250, 400, WOOD_DARK, 4)
    c.poly([(1330, 300), (1330, 400), (1400, 400)], AMBER_300)  # set square
    c.poly([(1345, 340), (1345, 385), (1375, 385)], BLUE_100)
    # offcuts on the floor
    c.rect(130, 720, 230, 760, WOOD, 4)
    c.rect(150, 690, 210, 722, WOOD_DARK, 4)


def robotica(c: Canvas):
    """Robotics: a collaborative arm placing parts on a small workshop's conveyor."""
    backdrop(c, (820, 400, 350))
    # conveyor
    c.rect(820, 600, 1440, 640, BLUE_900, 20)
    for x in range(850, 1440, 60):
        c.circle(x, 620, 10, GREY_600)
    c.rect(860, 640, 890, 760, BLUE_900)
    c.rect(1370, 640, 1400, 760, BLUE_900)
    for x, col in ((980, BLUE_400), (1140, BLUE_400), (1290, RED_700)):
        c.rect(x, 540, x + 80, 600, col, 8)
    # arm: base, segments, joints, gripper
    base = (520, 690)
    shoulder = (520, 560)
    elbow = (700, 320)
    wrist = (960, 380)
    c.rect(420, 700, 620, 760, BLUE_900, 10)
    c.rect(460, 600, 580, 710, BLUE_700, 14)
    c.line([shoulder, elbow], 70, BLUE_700)
    c.line([elbow, wrist], 56, BLUE_400)
    for (x, y), r in ((shoulder, 56), (elbow, 48), (wrist, 38)):
        c.circle(x, y, r, BLUE_900)
        c.circle(x, y, r * 0.45, AMBER_300)
    c.line([wrist, (1010, 450)], 30, BLUE_900)
    c.rect(980, 450, 1100, 474, BLUE_900, 6)
    c.rect(984, 474, 1004, 530, GREY_600, 4)
    c.rect(1076, 474, 1096, 530, GREY_600, 4)
    c.rect(1010, 480, 1070, 526, RED_700, 6)
    # status light: safe to work alongside
    c.circle(520, 650, 14, "#3f8a5c")
    # a small control panel
    c.rect(180, 480, 330, 760, BLUE_900, 10)
    c.rect(200, 500, 310, 580, BLUE_100, 6)
    c.circle(225, 620, 14, RED_700)
    c.circle(285, 620, 14, AMBER_300)


DRAWINGS = {
    "studi-ricerche": studi_ricerche,
    "comunicazione": comunicazione,
    "laboratori-servizi": laboratori_servizi,
    "spazi-citta": spazi_citta,
    "sostegno-investimenti": sostegno_investimenti,
    "educazione-formazione-lavoro": educazione_formazione_lavoro,
    "stampa-3d": stampa_3d,
    "tessile": tessile,
    "falegnameria": falegnameria,
    "robotica": robotica,
}


def render(name: str) -> Image.Image:
    canvas = Canvas()
    DRAWINGS[name](canvas)
    return canvas.finish()


def write_all(output: Path) -> list[Path]:
    output.mkdir(parents=True, exist_ok=True)
    written = []
    for name in DRAWINGS:
        path = output / f"{name}.png"
        render(name).save(path, "PNG", optimize=True)
        written.append(path)
    return written


def main(argv: list[str]) -> int:
    output = Path(argv[1]) if len(argv) > 1 else DEFAULT_OUTPUT
    for path in write_all(output):
        print(f"{path} {path.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
