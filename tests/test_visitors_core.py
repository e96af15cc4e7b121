"""Issue 15, the pure parts: map pins spread apart inside their municipio
(so every 24 px target stands alone), figures formatted without a space a
line could break at."""

from __future__ import annotations

import math

import pytest
from conftest import ROOT
from languages.strings import load_string_tables
from registries import charts, svgmap
from site_model import model_from_file

MODEL = model_from_file()


def _entry(n, lat, lon, municipio):
    return {"id": f"lab-{n}", "name": f"Lab {n}", "lat": lat, "lon": lon, "municipio": municipio}


def _inside(x, y, municipio):
    bearing, radius = svgmap._polar(x, y)
    if municipio == 1:
        return radius <= svgmap.INNER - svgmap.TARGET_RADIUS + 0.1
    offset = (bearing - svgmap.sector_bearing(municipio) + 180) % 360 - 180
    return (svgmap.INNER + svgmap.TARGET_RADIUS - 0.1 <= radius <= svgmap.OUTER - svgmap.TARGET_RADIUS + 0.1
            and abs(offset) < svgmap.SECTOR / 2)


@pytest.mark.parametrize("municipio,lat,lon", [(1, 45.4642, 9.1900), (2, 45.5000, 9.2300), (9, 45.5050, 9.1900)])
def test_pins_on_the_same_spot_are_spread_apart_inside_their_municipio(municipio, lat, lon):
    entries = [_entry(n, lat, lon, municipio) for n in range(4)]
    pins = svgmap.pins(entries)
    assert [pin["entry"] for pin in pins] == entries
    for pin in pins:
        assert _inside(pin["x"], pin["y"], municipio), pin
    for i, first in enumerate(pins):
        for second in pins[i + 1:]:
            assert math.hypot(first["x"] - second["x"], first["y"] - second["y"]) >= 2 * svgmap.TARGET_RADIUS


def test_pins_far_apart_only_move_to_keep_their_whole_target_inside():
    entries = [_entry(1, 45.5050, 9.1900, 9), _entry(2, 45.4400, 9.2000, 5)]
    pins = svgmap.pins(entries)
    for pin, entry in zip(pins, entries):
        x, y = svgmap._clamp_to_municipio(*svgmap.pin_position(entry["lat"], entry["lon"], entry["municipio"]),
                                          entry["municipio"])
        assert math.hypot(pin["x"] - x, pin["y"] - y) < 0.2


def test_every_pin_has_a_target_disc_of_the_target_radius():
    svg = str(svgmap.pins_svg(svgmap.pins([_entry(1, 45.5050, 9.1900, 9)]), "en", "", "District {n}"))
    assert 'class="map-pin-target" cx=' in svg and f'r="{svgmap.TARGET_RADIUS}"' in svg
    assert 'aria-label="Lab 1, District 9"' in svg


@pytest.mark.parametrize("lang", MODEL.codes)
def test_figures_hold_no_space_to_break_at(lang):
    ranks = load_string_tables(ROOT / "theme" / "i18n", [lang])[lang]["registries"]["rank"]
    for value, unit in [(350000, "count"), (1234567.5, "count"), (25, "percent"), (3, "rank")]:
        text = charts.format_figure({"value": value, "unit": unit}, MODEL.language(lang), ranks)
        assert not any(character.isspace() for character in text), text
