"""The languages plugin's pure core: translation groups, visibility, dates in words."""

import time
from datetime import date, datetime, timedelta, timezone
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from languages import site_index
from languages.strings import flatten_keys, load_string_tables, long_date, long_instant
from site_model import model_from_file

from conftest import ROOT


def item(section, key, lang, day=1):
    return SimpleNamespace(section=section, key=key, lang=lang, url=f"{lang}/{section}/{key}/",
                           date=datetime(2027, 1, day, tzinfo=ZoneInfo("Europe/Rome")), tags=[])


def test_one_language_items_are_visible_in_the_other_language_but_not_native():
    both_it, both_en, only_it = item("news", "a", "it", 3), item("news", "a", "en", 3), item("news", "b", "it", 2)
    items = [both_it, both_en, only_it]
    groups = site_index.group_translations(items)
    assert site_index.visible_items(items, groups, "en") == [both_en, only_it]
    assert site_index.visible_items(items, groups, "it") == [both_it, only_it]
    assert site_index.native_items(items, "en") == [both_en]


def test_the_same_key_in_two_sections_is_two_items():
    items = [item("news", "a", "it"), item("cases", "a", "en")]
    groups = site_index.group_translations(items)
    assert len(groups) == 2
    assert len(site_index.visible_items(items, groups, "it")) == 2


def test_alternates_point_to_the_translation_or_the_fallback():
    it_version, en_version, alone = item("news", "a", "it"), item("news", "a", "en"), item("news", "b", "it")
    groups = site_index.group_translations([it_version, en_version, alone])
    fallback = lambda lang: f"{lang}/listing/"  # noqa: E731
    assert site_index.alternates(it_version, groups, ["it", "en"], fallback) == [
        {"lang": "it", "url": "it/news/a/", "available": True, "current": True},
        {"lang": "en", "url": "en/news/a/", "available": True, "current": False},
    ]
    assert site_index.alternates(alone, groups, ["it", "en"], fallback)[1] == {
        "lang": "en", "url": "en/listing/", "available": False, "current": False}


def test_newest_first_orders_by_date_then_key():
    old, new, same_day = item("news", "a", "it", 1), item("news", "b", "it", 9), item("news", "c", "it", 9)
    assert site_index.newest_first([old, new, same_day]) == [same_day, new, old]


def test_dates_are_written_in_words_in_rome_time():
    tables = load_string_tables(ROOT / "theme" / "i18n", ["it", "en"])
    late_evening_utc = datetime(2027, 3, 31, 22, 30, tzinfo=ZoneInfo("UTC"))
    assert long_date(late_evening_utc, tables["it"]) == "1° aprile 2027"
    assert long_date(late_evening_utc, tables["en"]) == "1 April 2027"
    # Only the first of the month is an ordinal in Italian.
    assert long_date(datetime(2027, 4, 2, 12, tzinfo=ZoneInfo("UTC")), tables["it"]) == "2 aprile 2027"
    # A date (an event's start written without a time) has no zone: written as it is.
    assert long_date(date(2027, 4, 1), tables["it"]) == "1° aprile 2027"
    # A date-time in words: both parts on Milan's wall clock, across midnight in UTC.
    assert long_instant(late_evening_utc, tables["it"], "{date}, ore {time}") == "1° aprile 2027, ore 00:30"


def test_every_configured_language_has_the_same_string_keys():
    languages = model_from_file().codes
    tables = load_string_tables(ROOT / "theme" / "i18n", languages)
    keys = {lang: flatten_keys(tables[lang]) for lang in languages}
    for lang in languages:
        for other in languages:
            assert not keys[other] - keys[lang], f"keys of '{other}' missing in '{lang}': {sorted(keys[other] - keys[lang])}"
        assert len(tables[lang]["months"]) == 12


def test_every_code_has_a_label_in_each_language():
    import yaml

    codes = yaml.safe_load((ROOT / "data" / "codes.yaml").read_text(encoding="utf-8"))
    tables = load_string_tables(ROOT / "theme" / "i18n", model_from_file().codes)
    for lang, table in tables.items():
        for vocabulary, values in codes.items():
            labels = table["codes"][vocabulary]
            assert set(values) <= set(labels), (lang, vocabulary, set(values) - set(labels))


def test_string_fragments_merge_and_refuse_a_string_defined_twice(tmp_path):
    import pytest

    (tmp_path / "it.yaml").write_text("codes:\n  audience:\n    pmi: PMI\n", encoding="utf-8")
    (tmp_path / "spaces.it.yaml").write_text("codes:\n  space_status:\n    libero: Libero\n", encoding="utf-8")
    assert load_string_tables(tmp_path, ["it"])["it"]["codes"] == {
        "audience": {"pmi": "PMI"}, "space_status": {"libero": "Libero"}}
    (tmp_path / "zz.it.yaml").write_text("codes:\n  audience:\n    pmi: Altro\n", encoding="utf-8")
    with pytest.raises(ValueError, match="'codes.audience.pmi' is already defined") as twice:
        load_string_tables(tmp_path, ["it"])
    assert str(twice.value).startswith(f"{tmp_path / 'zz.it.yaml'}: ")


def test_the_build_instant_is_source_date_epoch_or_whole_seconds_of_now():
    from common.clock import build_instant

    assert build_instant({"SOURCE_DATE_EPOCH": "1801483200"}).isoformat() == "2027-02-01T12:00:00+00:00"
    assert build_instant({}).microsecond == 0
    assert build_instant({}).utcoffset() == timedelta(0)


def test_the_preview_instant_is_the_start_of_its_five_minutes_unless_an_instant_is_given():
    from common.clock import preview_instant

    assert preview_instant({}, now=1_800_000_299) == {"SOURCE_DATE_EPOCH": "1800000000"}
    assert preview_instant({}, now=1_800_000_300) == {"SOURCE_DATE_EPOCH": "1800000300"}
    assert preview_instant({"SOURCE_DATE_EPOCH": "5"}, now=1_800_000_299) == {}
    assert preview_instant({"SOURCE_DATE_EPOCH": ""}, now=1_800_000_001) == {"SOURCE_DATE_EPOCH": "1800000000"}
    before = time.time()
    taken = int(preview_instant({})["SOURCE_DATE_EPOCH"])
    assert taken % 300 == 0 and before - 300 < taken <= before


def test_the_build_date_is_the_day_in_milan():
    from common.clock import build_date

    # 23:30 UTC on 31 December is already New Year's Day in Milan (UTC+1).
    assert build_date({"SOURCE_DATE_EPOCH": str(int(datetime(2026, 12, 31, 23, 30, tzinfo=timezone.utc).timestamp()))}) == (
        date(2027, 1, 1))


def test_page_alternates_mark_the_current_language_and_fall_back_where_missing():
    alternates = site_index.page_alternates(["it", "en"], "en", lambda lang: "it/x/" if lang == "it" else None,
                                            lambda lang: f"{lang}/")
    assert alternates == [
        {"lang": "it", "url": "it/x/", "available": True, "current": False},
        {"lang": "en", "url": "en/", "available": False, "current": True},
    ]


def test_another_plugin_orders_a_listing_without_changing_lang_site():
    first, second = item("opportunities", "a", "it", 1), item("opportunities", "b", "it", 9)
    newest_first = [second, first]
    context = {"LANG_SITE": {"it": {"sections": {"opportunities": newest_first}}}, "LISTING_ORDER": {}}
    assert site_index.listing(context, "it", "opportunities") == [second, first]
    site_index.publish_listing_order(context, "opportunities", "it", [first, second])
    assert site_index.listing(context, "it", "opportunities") == [first, second]
    assert context["LANG_SITE"]["it"]["sections"]["opportunities"] is newest_first == [second, first]
    # An order that loses or adds an item is refused, naming the listing.
    with pytest.raises(ValueError, match="'opportunities' listing in 'it'"):
        site_index.publish_listing_order(context, "opportunities", "it", [first])


def test_a_page_in_both_languages_links_its_own_url_in_each():
    urls = {"it": "/it/laboratori/", "en": "/en/labs/"}
    assert site_index.page_alternates(["it", "en"], "en", urls.get) == [
        {"lang": "it", "url": "/it/laboratori/", "available": True, "current": False},
        {"lang": "en", "url": "/en/labs/", "available": True, "current": True},
    ]


def test_a_page_missing_in_a_language_links_the_fallback_there():
    urls = {"it": "/it/argomenti/bandi/"}
    assert site_index.page_alternates(["it", "en"], "it", urls.get, lambda lang: f"/{lang}/topics/") == [
        {"lang": "it", "url": "/it/argomenti/bandi/", "available": True, "current": True},
        {"lang": "en", "url": "/en/topics/", "available": False, "current": False},
    ]


def test_an_empty_url_is_still_a_version():
    assert site_index.page_alternates(["it"], "it", lambda lang: "", lambda lang: "/fallback/") == [
        {"lang": "it", "url": "", "available": True, "current": True}]


def test_tag_pages_list_their_items_newest_first_in_slug_order():
    spazi, bandi = SimpleNamespace(slug="spazi", name="spazi"), SimpleNamespace(slug="bandi", name="bandi")
    old, new, untagged = item("news", "a", "it", 1), item("news", "b", "it", 9), item("news", "c", "it", 5)
    old.tags, new.tags = [spazi, bandi], [spazi]
    del untagged.tags
    index = site_index.tag_index([old, untagged, new])
    assert list(index) == ["bandi", "spazi"]
    assert index["spazi"] == (spazi, [new, old])
    assert index["bandi"] == (bandi, [old])


def test_a_time_of_day_is_rome_time_in_24_hours():
    from datetime import timezone

    from languages.strings import time_of_day

    assert time_of_day(datetime(2027, 7, 1, 16, 5, tzinfo=timezone.utc)) == "18:05"
    assert time_of_day(datetime(2027, 1, 1, 8, 0, tzinfo=timezone.utc)) == "09:00"


def test_flatten_keys_names_every_leaf_with_its_dotted_path():
    assert flatten_keys({"a": 1, "b": {"c": "x", "d": {"e": []}}, "f": {}}) == {"a", "b.c", "b.d.e"}
    assert flatten_keys({"a": {"b": 1}}, "t.") == {"t.a.b"}
