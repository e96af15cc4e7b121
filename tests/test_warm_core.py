"""Issue 14, the warm build's fixed costs: what a build keeps for the next one
(common.buildcache) and the keys that decide when a kept value is reused.
Pure: no build here (warm-vs-cold bytes are in test_speed_incremental.py)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from markupsafe import Markup

from common.buildcache import KeptValues, data_digest, files_digest
from opportunities.calendar import calendar_bytes, calendar_key

ROME = ZoneInfo("Europe/Rome")


def test_a_kept_value_is_reused_by_the_next_build_and_only_this_build_s_values_are_kept(tmp_path):
    made = []

    def make(value):
        return lambda: made.append(value) or value

    first = KeptValues(tmp_path / "kept.pickle")
    assert first.get("a", make("A")) == "A"
    assert first.get("a", make("other")) == "A"
    first.get("b", make("B"))
    first.save()
    second = KeptValues(tmp_path / "kept.pickle")
    assert second.get("a", make("not made")) == "A"
    second.save()
    assert made == ["A", "B"]
    assert KeptValues(tmp_path / "kept.pickle").kept == {"a": "A"}


def test_the_file_is_written_again_only_when_this_build_s_values_are_not_those_it_holds(tmp_path):
    path = tmp_path / "kept.pickle"
    first = KeptValues(path)
    first.get("a", lambda: "A")
    first.get("b", lambda: "B")
    first.save()
    written = path.stat()
    same = KeptValues(path)
    assert [same.get("a", lambda: "not made"), same.get("b", lambda: "not made")] == ["A", "B"]
    path.write_bytes(path.read_bytes())  # the same bytes in a new inode: was it replaced?
    unchanged = path.stat()
    same.save()
    assert (path.stat().st_ino, path.stat().st_mtime_ns) == (unchanged.st_ino, unchanged.st_mtime_ns)
    assert written.st_size == unchanged.st_size
    fewer = KeptValues(path)
    fewer.get("a", lambda: "not made")
    fewer.save()
    assert KeptValues(path).kept == {"a": "A"}
    other = KeptValues(path)
    other.get("a", lambda: "not made")
    other.get("c", lambda: "C")
    other.save()
    assert KeptValues(path).kept == {"a": "A", "c": "C"}


@pytest.mark.parametrize("damage", [b"", b"not a pickle", b"\x80\x05K\x01."])  # the last: a pickled 1, not a dict
def test_a_damaged_or_missing_file_only_makes_the_values_again(tmp_path, damage):
    path = tmp_path / "kept.pickle"
    path.write_bytes(damage)
    assert KeptValues(path).get("a", lambda: "made") == "made"
    assert KeptValues(tmp_path / "missing.pickle").get("a", lambda: "made") == "made"


def deadline(**changes):
    entry = {"uid": "opportunity-a-deadline@example.org", "summary": "Scadenza: Bando",
             "start": datetime(2027, 3, 31, 12, tzinfo=ROME), "stamp": datetime(2026, 12, 1, tzinfo=ROME),
             "description": "Domande entro il 31 marzo.", "url": "https://example.org/a/", "alarm": "Tra una settimana"}
    return {**entry, **changes}


def key(name="Scadenza: Bando", lang="it", entries=None, code="v1"):
    return calendar_key(name, lang, [deadline()] if entries is None else entries, code)


def test_a_data_digest_tells_every_value_apart_and_gives_equal_data_made_alike_one_key():
    """common.buildcache.data_digest: marshal's bytes for built-in types, JSON with sorted keys for the rest."""
    values = [1, 1.0, True, "1", None, [1], (1,), {"1": 1}, {1: 1}, ["a", "b"], ["ab"], ["a", ["b"]],
              Markup("1"), {"k": Markup("<b>")}, {"k": "<b>"}]
    digests = [data_digest(value) for value in values]
    assert len(set(digests)) == len(values)
    assert data_digest([{"title": "Uno", "tags": ["a"]}, 2.5]) == data_digest([{"title": "Uno", "tags": ["a"]}, 2.5])
    assert data_digest({"k": Markup("x"), "j": 1}) == data_digest({"j": 1, "k": Markup("x")})


def test_files_digest_counts_a_file_by_its_path_from_the_base_so_two_clones_make_one_digest(tmp_path):
    """Two checkouts of one commit in different folders: the same digests (the search URL's ?v=)."""
    clones = []
    for folder in ("clone-a", "elsewhere/clone-b"):
        (tmp_path / folder / "plugins").mkdir(parents=True)
        (tmp_path / folder / "plugins" / "x.py").write_text("x = 1\n")
        clones.append(tmp_path / folder)
    digests = [files_digest([clone / "plugins" / "x.py"], base=clone) for clone in clones]
    assert digests[0] == digests[1]
    (clones[1] / "plugins" / "x.py").rename(clones[1] / "plugins" / "y.py")
    assert files_digest([clones[1] / "plugins" / "y.py"], base=clones[1]) != digests[0]
    # A file outside the base counts by its whole path.
    assert files_digest([clones[0] / "plugins" / "x.py"], base=clones[1]) != digests[0]


def test_equal_facts_have_equal_keys_and_the_same_instant_in_another_zone_is_the_same_fact():
    assert key() == key(entries=[deadline()])
    same_instant = datetime(2027, 3, 31, 10, tzinfo=timezone.utc)
    assert key() == key(entries=[deadline(start=same_instant)])
    assert calendar_bytes("n", "it", [deadline()]) == calendar_bytes("n", "it", [deadline(start=same_instant)])


@pytest.mark.parametrize("other", [
    {"name": "Scadenza: Bando rivisto"},
    {"lang": "en"},
    {"code": "v2"},
    {"entries": []},
    {"entries": [deadline(), deadline(uid="b")]},
    {"entries": [deadline(summary="Scadenza: Bando rivisto")]},
    {"entries": [deadline(start=datetime(2027, 3, 31, 12, 1, tzinfo=ROME))]},
    {"entries": [deadline(stamp=datetime(2026, 12, 2, tzinfo=ROME))]},
    {"entries": [deadline(end=datetime(2027, 4, 1, tzinfo=ROME))]},
    {"entries": [deadline(description="Domande entro il 30 marzo.")]},
    {"entries": [deadline(url="https://example.org/b/")]},
    {"entries": [deadline(alarm=None)]},
    {"entries": [deadline(location="Via Ripamonti 1")]},
    {"entries": [deadline(summary=Markup("Scadenza: Bando"))]},
])
def test_any_other_fact_has_another_key(other):
    assert key(**other) != key()


def test_a_value_with_no_key_is_refused_rather_than_guessed():
    with pytest.raises(TypeError, match="timedelta"):
        key(entries=[deadline(alarm=timedelta(days=7))])


def test_builds_keep_their_compiled_modules_where_the_shell_asks_for_none(monkeypatch):
    """Without the plugins' bytecode kept, every build compiled them from source again."""
    from common.sitebuild import build_env

    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    env = build_env({"SOURCE_DATE_EPOCH": "0"})
    assert "PYTHONDONTWRITEBYTECODE" not in env
    assert env["PYTHONHASHSEED"] == "0" and env["SOURCE_DATE_EPOCH"] == "0"
