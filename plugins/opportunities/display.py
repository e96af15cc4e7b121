"""Words and numbers as readers see them, from the language's string table.

No locale is installed on build machines (see languages.strings), so
thousands separators and decimal commas are spelled here from the table's
``opportunity.number`` settings.
"""

from __future__ import annotations

from datetime import datetime

from languages.strings import long_instant


def instant_text(moment: datetime, table) -> str:
    """'31 marzo 2027, ore 12:00 (ora italiana)': always the wall clock in Milan.

    The one way every instant of a call (opening, deadline, closing, the
    status's computation) is written, on cards, pages, calendars and, through
    the texts it gives opportunity-status.js, in the browser: a date always
    with its time, so an opening at midnight reads "ore 00:00" like any other.
    """
    return long_instant(moment, table, table["opportunity"]["instant_format"])


def number_text(value, table, decimals=None) -> str:
    number = table["opportunity"]["number"]
    if decimals is None:
        decimals = 0 if float(value).is_integer() else 2
    digits = f"{value:,.{decimals}f}"
    return digits.replace(",", "\0").replace(".", number["decimal"]).replace("\0", number["thousands"])


def euro_text(value, table) -> str:
    return table["opportunity"]["euro_format"].format(number=number_text(value, table))


def amount_lines(amount, table) -> list[dict]:
    """[{'label', 'text'}] for the grant per applicant and the total budget."""
    if not amount:
        return []
    words = table["opportunity"]["amount"]
    lines = []
    low, high = amount.get("min"), amount.get("max")
    if low is not None and high is not None:
        text = words["range"].format(min=euro_text(low, table), max=euro_text(high, table))
    elif high is not None:
        text = words["up_to"].format(max=euro_text(high, table))
    elif low is not None:
        text = words["from"].format(min=euro_text(low, table))
    else:
        text = None
    if text:
        lines.append({"label": words["grant"], "text": text})
    if amount.get("total") is not None:
        lines.append({"label": words["total"], "text": euro_text(amount["total"], table)})
    return lines


def size_text(size: int, table) -> str:
    """'245 kB', '1,2 MB': decimal units, as file managers show them.

    The unit is chosen after rounding, so 999,999 bytes read "1.0 MB" and
    9,960 bytes "10 kB", never "1,000 kB" or "10.0 kB"."""
    if size < 1_000:
        return f"{size} B"
    for unit, factor in (("kB", 1_000), ("MB", 1_000_000)):
        value = size / factor
        decimals = 1 if round(value, 1) < 10 else 0
        shown = round(value, decimals)
        if shown < 1_000 or unit == "MB":
            return f"{number_text(shown, table, decimals)} {unit}"


def countdown_text(days: int, table) -> str:
    words = table["opportunity"]["countdown"]
    if days >= 2:
        return words["days"].format(days=days)
    return words["one"] if days == 1 else words["hours"]


def status_line(status: str, opens, deadline, days: int, table, templates: str = "when") -> dict:
    """{'label', 'text', 'datetime'}: the badge, the sentence and the instant it is about.

    ``templates``: "when" on a card (the card's one date: "Scade il …"),
    "when_page" in a call's key facts, whose own rows give the opening and
    the deadline (only the countdown is left to say). The same templates
    are given to opportunity-status.js, which rewrites the line in the
    browser with the visitor's clock.
    """
    words = table["opportunity"]
    about = opens if status == "upcoming" else deadline
    text = words[templates][status].format(
        opens=instant_text(opens, table) if opens else "",
        deadline=instant_text(deadline, table),
        countdown=countdown_text(days, table),
    )
    return {"label": words["status"][status], "text": text, "datetime": about.isoformat()}
