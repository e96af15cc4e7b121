"""Geometry of the labs map, drawn at build time: a schematic of Milan's
nine municipi (Municipio 1 in the centre, 2 to 9 around it clockwise from
the north-east, as Milanese readers know them) and a pin per place.

The schematic is not to scale, so a pin keeps its real bearing and distance
from the Duomo only as far as its own municipio's shape allows: a place is
always drawn inside the municipio it belongs to.
"""

from __future__ import annotations

import math

from markupsafe import Markup, escape

from .translations import pick

SIZE = 400
CENTRE = SIZE / 2
INNER = 70
OUTER = 190
SECTOR = 45
DUOMO = (45.4642, 9.1900)
CENTRE_RADIUS_KM = 2.0
CITY_RADIUS_KM = 10.0
KM_PER_DEGREE_LAT = 110.57


def sector_bearing(municipio: int) -> float:
    """Bearing (degrees clockwise from north) of the middle of a ring municipio."""
    return ((municipio - 1) * SECTOR) % 360


def _point(radius, bearing):
    angle = math.radians(bearing)
    return round(CENTRE + radius * math.sin(angle), 1), round(CENTRE - radius * math.cos(angle), 1)


def municipio_shapes():
    """[{number, path, label_x, label_y}] for the nine municipi."""
    shapes = [{"number": 1, "path": None, "circle": (CENTRE, CENTRE, INNER),
               "label_x": CENTRE, "label_y": CENTRE - INNER + 18}]
    for number in range(2, 10):
        middle = sector_bearing(number)
        start, end = middle - SECTOR / 2, middle + SECTOR / 2
        o1, o2 = _point(OUTER, start), _point(OUTER, end)
        i1, i2 = _point(INNER, end), _point(INNER, start)
        path = (f"M{o1[0]},{o1[1]} A{OUTER},{OUTER} 0 0 1 {o2[0]},{o2[1]} "
                f"L{i1[0]},{i1[1]} A{INNER},{INNER} 0 0 0 {i2[0]},{i2[1]} Z")
        label_x, label_y = _point(OUTER - 20, middle)
        shapes.append({"number": number, "path": path, "circle": None, "label_x": label_x, "label_y": label_y})
    return shapes


def bearing_and_distance(lat, lon):
    """Bearing (degrees from north) and distance (km) from the Duomo."""
    north = (lat - DUOMO[0]) * KM_PER_DEGREE_LAT
    east = (lon - DUOMO[1]) * KM_PER_DEGREE_LAT * math.cos(math.radians(DUOMO[0]))
    return math.degrees(math.atan2(east, north)) % 360, math.hypot(north, east)


def pin_position(lat, lon, municipio):
    bearing, distance = bearing_and_distance(lat, lon)
    if municipio == 1:
        radius = INNER * 0.85 * min(distance / CENTRE_RADIUS_KM, 1.0)
        return _point(radius, bearing)
    middle = sector_bearing(municipio)
    offset = (bearing - middle + 180) % 360 - 180
    margin = SECTOR / 2 - 5
    bearing = middle + max(-margin, min(margin, offset))
    share = (distance - CENTRE_RADIUS_KM) / (CITY_RADIUS_KM - CENTRE_RADIUS_KM)
    radius = INNER + 10 + (OUTER - INNER - 20) * max(0.0, min(1.0, share))
    return _point(radius, bearing)


# A pin's target (its transparent disc) is TARGET_RADIUS user units: 30 of
# 400 are 24 CSS px once the map is 320 px wide, the smallest it is drawn at
# on a 390 px phone (WCAG 2.2, 2.5.8 Target size). Pins closer than
# MIN_GAP are moved apart, so no target covers another.
TARGET_RADIUS = 15
MIN_GAP = 2 * TARGET_RADIUS + 2


def _polar(x, y):
    return math.degrees(math.atan2(x - CENTRE, CENTRE - y)) % 360, math.hypot(x - CENTRE, y - CENTRE)


def _clamp_to_municipio(x, y, municipio):
    """The nearest point to (x, y) whose whole target lies inside the municipio."""
    bearing, radius = _polar(x, y)
    if municipio == 1:
        return _point(min(radius, INNER - TARGET_RADIUS), bearing)
    middle = sector_bearing(municipio)
    radius = max(INNER + TARGET_RADIUS, min(OUTER - TARGET_RADIUS, radius))
    margin = SECTOR / 2 - math.degrees(TARGET_RADIUS / radius)
    offset = (bearing - middle + 180) % 360 - 180
    return _point(radius, middle + max(-margin, min(margin, offset)))


def spread(points, rounds=60):
    """Move apart pins closer than MIN_GAP, each kept inside its municipio.

    ``points``: [[x, y, municipio]], changed in place. Each round pushes
    every crowded pair apart along the line between them; a pair on the
    same spot is split sideways, so the result never depends on luck.
    """
    for _ in range(rounds):
        moved = False
        for i, first in enumerate(points):
            for second in points[i + 1:]:
                dx, dy = second[0] - first[0], second[1] - first[1]
                distance = math.hypot(dx, dy)
                if distance >= MIN_GAP:
                    continue
                moved = True
                if distance < 0.01:
                    dx, dy, distance = 1.0, 0.0, 1.0
                push = (MIN_GAP - distance) / 2 + 0.5
                ux, uy = dx / distance, dy / distance
                first[0], first[1] = _clamp_to_municipio(first[0] - ux * push, first[1] - uy * push, first[2])
                second[0], second[1] = _clamp_to_municipio(second[0] + ux * push, second[1] + uy * push, second[2])
        if not moved:
            break
    return points


def pins(entries):
    """[{entry, x, y}] for entries with lat, lon and municipio, spread apart."""
    points = [[*_clamp_to_municipio(*pin_position(entry["lat"], entry["lon"], entry["municipio"]), entry["municipio"]),
               entry["municipio"]] for entry in entries]
    spread(points)
    return [{"entry": entry, "x": round(x, 1), "y": round(y, 1)} for entry, (x, y, _) in zip(entries, points)]


def pins_svg(pins, lang, siteurl, municipio_label, anchor_prefix="", example_label=""):
    """The pins as SVG links, every value escaped.

    Drawn here rather than in a Jinja loop: a directory of thousands of labs
    would spend most of its map time in per-pin template calls.
    ``municipio_label``: e.g. "Municipio {n}"; an entry without a page of
    its own links to ``#<anchor_prefix><id>`` on the same page; an example
    entry's name carries ``example_label`` (only preview builds have any).
    A pin may carry its own ``href`` and ``hint`` (said after the name): a
    lab's page links its one pin to a street map, not to itself.
    """
    parts = []
    for pin in pins:
        entry = pin["entry"]
        name = escape(pick(entry["name"], lang).text + (f" ({example_label})" if entry.get("example") else ""))
        url = entry.get("url")
        href = pin.get("href") or (f"{siteurl}/{url[lang]}" if isinstance(url, dict) else f"#{anchor_prefix}{entry['id']}")
        rel = ' rel="noopener noreferrer"' if pin.get("href", "").startswith(("http://", "https://")) else ""
        label = escape(municipio_label.format(n=entry["municipio"]) + (f": {pin['hint']}" if pin.get("hint") else ""))
        pin_class = "map-pin map-pin-example" if entry.get("example") else "map-pin"
        parts.append(f'<a href="{escape(href)}"{rel} aria-label="{name}, {label}" data-id="{escape(entry["id"])}">'
                     f'<circle class="map-pin-target" cx="{pin["x"]}" cy="{pin["y"]}" r="{TARGET_RADIUS}"/>'
                     f'<circle class="{pin_class}" cx="{pin["x"]}" cy="{pin["y"]}" r="8"/><title>{name}</title></a>')
    return Markup("\n".join(parts))
