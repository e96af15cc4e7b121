"""Theme string tables (``theme/i18n/<lang>.yaml``) and dates written in words.

No Italian locale is installed on build machines, so dates are spelled from
the month names in the string tables, never through ``locale``. The one
place dates and times become words, for Python (long_date, time_of_day,
long_instant) and templates (the ``longdate`` and ``clock`` filters).
"""

from __future__ import annotations

from pathlib import Path

import yaml

from common.clock import ROME

# libyaml's loader when PyYAML has it (as common.yamlsource): the pure-Python one took 3 % of a warm build.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_string_tables(folder, languages):
    """``<lang>.yaml`` plus each capability's ``<name>.<lang>.yaml`` fragment.

    Fragments let each capability own its strings (and add labels under
    shared groups such as ``codes``); a string defined twice is an error, so
    no fragment silently overrides another.
    """
    tables = {}
    for lang in languages:
        table = {}
        paths = [Path(folder) / f"{lang}.yaml"] + sorted(Path(folder).glob(f"*.{lang}.yaml"))
        for path in paths:
            with open(path, encoding="utf-8") as handle:
                _merge(table, yaml.load(handle, Loader=_LOADER) or {}, path, "")
        tables[lang] = table
    return tables


def _merge(into, fragment, path, prefix):
    for key, value in fragment.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value, path, f"{prefix}{key}.")
        elif key in into:
            raise ValueError(f"{path}: the string '{prefix}{key}' is already defined in another string table")
        else:
            into[key] = value


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
    """'15 gennaio 2027' / '15 January 2027', in Europe/Rome.

    ``date_format`` places ``{day}`` (the number) or ``{day_ordinal_1}``: the
    number, but the first of the month written as the ordinal '1°', as
    Italian does ('1° dicembre 2026', '2 dicembre 2026')."""
    if getattr(moment, "tzinfo", None) is not None:  # a date has none
        moment = moment.astimezone(ROME)
    month = table["months"][moment.month - 1]
    return table["date_format"].format(day=moment.day, day_ordinal_1="1°" if moment.day == 1 else moment.day,
                                       month=month, year=moment.year)


def time_of_day(moment):
    """'12:00': the wall clock in Milan."""
    return f"{moment.astimezone(ROME):%H:%M}"


def long_instant(moment, table, pattern):
    """A date and time in words: ``pattern`` places ``{date}`` (long_date)
    and ``{time}`` (time_of_day), e.g. '{date}, ore {time} (ora italiana)'."""
    return pattern.format(date=long_date(moment, table), time=time_of_day(moment))
