"""Issue 13, values: exports safe to open in a spreadsheet, finite numbers
only, https for apply_url, tags that can name a page, slug clashes with
their lines, and one broken call reported once with its dependants."""

from __future__ import annotations

import csv
import io
import json

from conftest import FixtureSite, news
from test_inputs_reading import assert_refused, snapshot

INDICATORS = """\
# yaml-language-server: $schema=./schemas/indicators.schema.json
- id: formula
  label: {it: "=HYPERLINK(\\"https://evil.example\\")", en: "+39 02 1234"}
  value: -3.5
  unit: percent
  source: "@SUM(A1:A9)"
- id: tab
  label: {it: "-meno", en: "\\tTab"}
  value: 12
  unit: count
  source: Comune di Milano
"""


def call(key, extra="", title="Bando"):
    return (f"---\ntitle: {title}\nsummary: Sommario.\ndate: 2026-12-01\ndeadline: 2027-03-31\n"
            f"apply_url: https://www.comune.milano.it/domanda\n{extra}---\nTesto.\n")


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(tmp_path):
    site = FixtureSite(tmp_path)
    site.write_data("indicators.yaml", INDICATORS)
    result = site.build_ok()
    rows = list(csv.DictReader(io.StringIO(result.read("opendata/indicators.csv")), delimiter=";"))
    assert rows[0]["label_it"] == "'=HYPERLINK(\"https://evil.example\")"
    assert rows[0]["label_en"] == "'+39 02 1234"
    assert rows[0]["source"] == "'@SUM(A1:A9)"
    assert rows[0]["value"] == "-3.5", "a negative number stays a number"
    assert rows[1]["label_it"] == "'-meno" and rows[1]["label_en"] == "'\tTab"
    assert rows[1]["source"] == "Comune di Milano"
    records = json.loads(result.read("opendata/indicators.json"))
    assert records[0]["label"]["it"].startswith("=HYPERLINK") and records[0]["value"] == -3.5


def test_bad_values_are_refused_with_file_line_field_and_fix(tmp_path):
    site = FixtureSite(tmp_path)
    site.write("news/buono.it.md", news("buono", "it", "Buono"))
    site.build_ok()
    site.snapshot = snapshot(site)
    site.write("opportunities/infinito.it.md", call("infinito", "amount: .inf\n"))
    site.write("opportunities/negativo.it.md", call("negativo", "amount: {min: -5, max: 100}\n"))
    site.write("opportunities/nan.it.md", call("nan", "amount: .nan\n"))
    site.write("opportunities/insicuro.it.md",
               call("insicuro").replace("https://www.comune.milano.it/domanda", "http://www.comune.milano.it/d"))
    site.write("news/emoji.it.md", news("emoji", "it", "Emoji", extra="tags: ['🔥', '..', stampa 3d]\n"))
    site.write("news/doppio.it.md", news("doppio", "it", "Doppio", extra="slug: buono\n"))
    site.write_data("indicators.yaml", INDICATORS.replace("value: 12", "value: .inf"))
    result = site.build()
    assert_refused(
        site, result,
        "content/opportunities/infinito.it.md:7: field 'amount': 'inf' is not an amount in euro",
        "content/opportunities/negativo.it.md:7: field 'amount': is negative",
        "content/opportunities/nan.it.md:7: field 'amount': 'nan' is not an amount in euro",
        "content/opportunities/insicuro.it.md:6: field 'apply_url': 'http://www.comune.milano.it/d' is not a secure",
        "write it with https://",
        "content/news/emoji.it.md:5: field 'tags': the tag '🔥' has no letters or digits",
        "content/news/emoji.it.md:5: field 'tags': the tag '..' has no letters or digits",
        "content/news/doppio.it.md:5: field 'slug': the it URL 'buono' is also used by content/news/buono.it.md",
        "content/news/buono.it.md: field 'slug': the it URL 'buono' is also used by content/news/doppio.it.md (line 5)",
        "data/indicators.yaml:9: indicator 'tab': field 'value': 'inf' is not a number the site can publish",
    )
    assert "Traceback" not in result.stderr and "FileOverwriteFailedError" not in result.stderr


def test_a_broken_call_is_reported_once_with_its_dependants(tmp_path):
    site = FixtureSite(tmp_path)
    site.write("opportunities/rotto.it.md", call("rotto", "amount: tanti\n"))
    for key in ("uno", "due", "tre"):
        site.write(f"news/{key}.it.md", news(key, "it", key, body="[bando]({filename}../opportunities/rotto.it.md)"))
    site.write_data("spaces.yaml", "# yaml-language-server: $schema=./schemas/spaces.schema.json\n" + "".join(
        f"- id: spazio-{n}\n  name: {{it: Spazio {n}}}\n  address: Via {n}, Milano\n  municipio: 3\n"
        f"  lat: 45.48\n  lon: 9.24\n  area_m2: 300\n  status: disponibile\n  opportunity: rotto\n" for n in (1, 2)))
    result = site.build()
    assert result.returncode == 2
    assert "content/opportunities/rotto.it.md:7: field 'amount'" in result.stderr
    assert ("content/opportunities/rotto.it.md: because of this file's errors, 3 link(s) to it fail: "
            "content/news/due.it.md:6, content/news/tre.it.md:6, content/news/uno.it.md:6") in result.stderr
    assert ("data/spaces.yaml:10: the call 'rotto' named by 2 space(s) (lines 10, 19) has errors of its own"
            in result.stderr)
    assert "points to no published item" not in result.stderr
    assert "no published opportunity" not in result.stderr
    assert "3 errors" in result.stderr
