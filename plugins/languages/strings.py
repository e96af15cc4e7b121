"""Theme string tables (``theme/i18n/<lang>.yaml``) and dates written in words.

No Italian locale is installed on build machines, so dates are spelled from
the month names in the string tables, never through ``locale``.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from common.clock import ROME


def load_string_tables(folder, languages):
    tables = {}
    for lang in languages:
        path = Path(folder) / f"{lang}.yaml"
        with open(path, encoding="utf-8") as handle:
            tables[lang] = yaml.safe_load(handle)
    return tables


def flatten_keys(table, prefix=""):
    keys = set()
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            keys |= flatten_keys(value, name + ".")
        else:
            keys.add(name)
    return keys


def long_date(moment, table):
    """'15 gennaio 2027' / '15 January 2027', in Europe/Rome."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(ROME)
    month = table["months"][moment.month - 1]
    return table["date_format"].format(day=moment.day, month=month, year=moment.year)


def time_of_day(moment):
    return f"{moment.astimezone(ROME):%H:%M}"
