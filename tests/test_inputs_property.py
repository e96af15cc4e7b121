"""Issue 13, property: generated malformed front matters and registry
entries (truncation, wrong types, wrong encodings, duplicated keys, huge
values, YAML tricks). Every build either succeeds with every item
published, or exits 2 with a report naming files; never a traceback, never
exit 0 with fewer items. Many bad files share one build: a run reports
every error, so removing the files it names must leave a site that builds
with all the remaining items."""

from __future__ import annotations

import random
import re

import pytest

from conftest import FixtureSite

SEED = 13
NEWS_PER_SITE = 70
SITES = 2
LAB_ROUNDS = 8
LABS_PER_ROUND = 12
ODD_VALUES = ["[1, 2]", "{a: 1}", "12", "true", "null", "''", "x" * 5000, ".inf", ".nan", "-1", "2027-13-45",
              "'🔥'", "..", "&a x", "*a", "{", "[", "'unterminated", "\"\\u\"", "!!binary aGk=", "!!python/none x",
              "? x", "|", ">-", "@x", "`x`", "%x"]
REPORT_LINE = re.compile(r"^(content|data)/\S+(:\d+)?: ")


def base_news(index):
    return (f"---\ntitle: Notizia {index}\nsummary: Sommario della notizia {index}.\ndate: 2027-01-{index % 28 + 1:02d}\n"
            f"tags: [prova, città]\nmodified: 2027-01-30 10:00\n---\nTesto con accento: è {index}.\n")


def mutate_text(text: str, rng: random.Random) -> bytes:
    lines = text.split("\n")
    field_lines = [i for i in range(1, 6)]
    kind = rng.randrange(9)
    if kind == 0:
        return text.encode()[: rng.randrange(1, len(text.encode()))]
    if kind == 1:
        line = rng.choice(field_lines)
        name = lines[line].split(":")[0]
        lines[line] = f"{name}: {rng.choice(ODD_VALUES)}"
    elif kind == 2:
        return text.encode(rng.choice(["latin-1", "utf-16", "utf-8-sig", "cp1252"]))
    elif kind == 3:
        line = rng.choice(field_lines)
        lines.insert(line, lines[line])
    elif kind == 4:
        line = rng.choice(field_lines)
        lines[line] = lines[line].split(":")[0] + ": " + "parola " * rng.choice([2_000, 90_000])
    elif kind == 5:
        line = rng.choice(field_lines)
        position = rng.randrange(len(lines[line]) + 1)
        lines[line] = lines[line][:position] + rng.choice(["\t", ":", " #", "\x00", "\r", "\ufeff", "'"]) \
            + lines[line][position:]
    elif kind == 6:
        del lines[rng.choice(field_lines + [0, 6])]
    elif kind == 7:
        lines[rng.choice(field_lines)] = rng.choice(["slug: Non Valido", "status: forse", "example: 1",
                                                    "image: ../../etc/passwd", "titel: refuso", "tags: '🔥'"])
    else:
        lines.insert(6, "<script>alert(1)</script>[x]({static}/../fuori)")
    return "\n".join(lines).encode()


def build_until_clean(site, published_count):
    """Build; while refused, check the report and remove the files it names.
    Returns the files removed."""
    removed = set()
    for _round in range(3):
        result = site.build()
        assert "Traceback" not in result.stderr + result.stdout, result.stderr
        if result.returncode == 0:
            assert published_count() == site.expected(), "exit 0 with fewer items published"
            return removed
        assert result.returncode == 2, result.stderr
        named = set()
        for line in result.stderr.splitlines():
            if line.startswith(("The site was not built", "Nothing was written", "    how to fix:")) \
                    or re.match(r"^\d+ warnings? ", line):
                continue
            match = REPORT_LINE.match(line)
            assert match, f"a report line that names no file: {line!r}\n{result.stderr}"
            named.add(line.split(":", 1)[0].split(" ", 1)[0])
        assert named, result.stderr
        site.remove(named)
        removed |= named
    pytest.fail("three rounds of fixes did not give a clean build")


@pytest.mark.parametrize("number", range(SITES))
def test_malformed_front_matters(tmp_path, number):
    rng = random.Random(SEED + number)
    site = FixtureSite(tmp_path)
    news_dir = site.content / "news"
    news_dir.mkdir()
    for index in range(NEWS_PER_SITE):
        (news_dir / f"n{index}.it.md").write_bytes(mutate_text(base_news(index), rng))
    site.expected = lambda: len(list(news_dir.glob("*.md")))

    def remove(named):
        for path in named:
            if path.startswith("content/news/"):
                (site.content / path[len("content/"):]).unlink(missing_ok=True)

    site.remove = remove
    pages = site.output / "it" / "notizie"
    removed = build_until_clean(site, lambda: len([p for p in pages.glob("*/index.html") if p.parent.name != "p"]))
    assert removed, "no generated file was bad: the generator lost its teeth"


LAB = """\
- id: lab-{index}
  name: Laboratorio {index}
  kind: fablab
  address: Via Prova {index}, Milano
  municipio: {municipio}
  lat: 45.46
  lon: 9.19
  services: [stampa-3d]
  description: {{it: Laboratorio numero {index}, en: Lab number {index}}}
"""
LAB_HEAD = "# yaml-language-server: $schema=./schemas/labs.schema.json\n"


# Values that are valid YAML: the entry parses and its schema must catch it.
SCHEMA_VALUES = ["[1, 2]", "{a: 1}", "12", "true", "null", "''", "x" * 5000, ".inf", ".nan", "-1", "2027-13-45",
                 "'🔥'", "..", "@x"]


def mutate_entry(text: str, rng: random.Random, yaml_valid: bool) -> str:
    lines = text.rstrip("\n").split("\n")
    if yaml_valid:
        line = rng.randrange(1, len(lines))
        choice = rng.randrange(3)
        if choice == 0:
            lines[line] = f"  {lines[line].split(':')[0].strip()}: {rng.choice(SCHEMA_VALUES)}"
        elif choice == 1:
            del lines[line]
        else:
            lines.append(rng.choice(["  extra: 1", "  website: ftp://x", "  accessible: 'si'", "  email: .inf",
                                     "  qualified_since: 2027-02-30", "  approximate_position: .nan"]))
        return "\n".join(lines) + "\n"
    kind = rng.randrange(6)
    line = rng.randrange(1, len(lines))
    name = lines[line].split(":")[0]
    if kind == 0:
        lines[line] = f"{name}: {rng.choice(ODD_VALUES)}"
    elif kind == 1:
        lines.insert(line, lines[line])
    elif kind == 2:
        del lines[line]
    elif kind == 3:
        lines[line] = f"{name}: {'x' * rng.choice([10, 200_000])}"
    elif kind == 4:
        lines[line] = "\t" + lines[line] if rng.random() < 0.5 else lines[line][: rng.randrange(len(lines[line]))]
    else:
        lines.append(rng.choice(["  extra: 1", "  lat: .inf", "  <<: {x: 1}", "  id: lab-0", "- bare"]))
    return "\n".join(lines) + "\n"


def lab_pages(site):
    return len([p for p in (site.output / "it" / "laboratori").glob("*/index.html") if p.parent.name.startswith("lab-")])


def test_malformed_registry_entries(tmp_path):
    """After a refused build, removing the entries whose lines the report
    names leaves a registry that builds with every remaining lab."""
    rng = random.Random(SEED)
    generated = cleaned = 0
    for number in range(LAB_ROUNDS):
        site = FixtureSite(tmp_path / f"round-{number}")
        entries = [LAB.format(index=i, municipio=i % 9 + 1) for i in range(LABS_PER_ROUND)]
        yaml_valid = number % 2 == 0
        entries = [mutate_entry(e, rng, yaml_valid) if rng.random() < 0.5 else e for e in entries]
        generated += LABS_PER_ROUND
        text = LAB_HEAD + "".join(entries)
        data = text.encode()
        if number == LAB_ROUNDS - 1:
            data = text.encode("latin-1", "replace")[: rng.randrange(len(data) // 2, len(data))]
        (site.data / "labs.yaml").write_bytes(data)
        result = site.build()
        assert "Traceback" not in result.stderr + result.stdout, result.stderr
        if result.returncode == 0:
            assert lab_pages(site) == len(re.findall(r"^- id: lab-", text, re.M)), "exit 0 with fewer labs"
            continue
        assert result.returncode == 2, result.stderr
        lines = [line for line in result.stderr.splitlines()
                 if line and not line.startswith(("The site", "Nothing", "    how to fix"))]
        assert lines and all(REPORT_LINE.match(line) for line in lines), result.stderr
        assert all(line.startswith("data/labs.yaml") for line in lines), result.stderr
        entry_errors = [re.match(r"^data/labs\.yaml:(\d+): lab ", line) for line in lines]
        if not all(entry_errors):
            continue  # an error of the whole file (YAML syntax, encoding) stops its reading: nothing to do by entry
        named = {int(m.group(1)) for m in entry_errors}
        starts = [1 + LAB_HEAD.count("\n") + sum(e.count("\n") for e in entries[:i]) for i in range(len(entries))]
        kept = [e for i, e in enumerate(entries)
                if not any(starts[i] <= n < starts[i] + e.count("\n") for n in named)]
        site.write_data("labs.yaml", LAB_HEAD + "".join(kept))
        again = site.build()
        assert again.returncode == 0, (result.stderr, again.stderr)
        assert lab_pages(site) == len(kept), "exit 0 with fewer labs"
        cleaned += 1
    assert generated >= 90 and cleaned >= 2
