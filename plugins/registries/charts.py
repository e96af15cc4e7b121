"""Key-figure charts computed at build time: bar lengths for inline SVG.

Indicators that share a ``chart`` are compared in one bar chart; a
percentage is drawn as its part of the whole; a rank or a lone count is a
figure, not a chart (a single bar compares nothing).
"""

from __future__ import annotations

from babel import Locale

WIDTH = 600
BAR_HEIGHT = 28
GAP = 14


def charts(indicators):
    """[{id, kind, members: [indicator], bars: [{indicator, width, y}], height}]."""
    result = []
    groups = {}
    for indicator in indicators:
        if indicator.get("chart"):
            groups.setdefault(indicator["chart"], []).append(indicator)
        elif indicator["unit"] == "percent":
            result.append(_chart(indicator["id"], "share", [indicator], 100))
    for chart_id, members in groups.items():
        top = max(member["value"] for member in members) or 1
        result.insert(0, _chart(chart_id, "bars", members, top))
    return result


def _chart(chart_id, kind, members, full_scale):
    bars = []
    for position, indicator in enumerate(members):
        share = max(0.0, min(1.0, indicator["value"] / full_scale))
        bars.append({"indicator": indicator, "width": round(WIDTH * share, 1),
                     "y": position * (BAR_HEIGHT * 2 + GAP)})
    height = len(members) * (BAR_HEIGHT * 2 + GAP)
    return {"id": chart_id, "kind": kind, "members": members, "bars": bars, "height": height,
            "width": WIDTH, "bar_height": BAR_HEIGHT}


def format_figure(indicator, language, ranks):
    """'36.000' / '36,000', '25%', '1ª' / '1st'.

    ``language``: the site model's Language (its CLDR number format);
    ``ranks``: its strings' ``registries.rank``, a pattern per CLDR ordinal
    category ('{n}st' for 'one' in English, '{n}ª' for every Italian rank:
    the figure is a «posizione»)."""
    value = indicator["value"]
    unit = indicator["unit"]
    if unit == "rank":
        return ranks[Locale.parse(language.locale).ordinal_form(int(value))].format(n=f"{value:g}")
    number = language.number(value, 0 if float(value).is_integer() else 1)
    return f"{number}%" if unit == "percent" else number
