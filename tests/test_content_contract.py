"""The content contract's pure core: file names, dates, front matter, fields."""

from datetime import datetime, timedelta, timezone

import pytest

from common.yamlsource import load_located
from content_model.dates import END_OF_DAY, FORMS, DateError, parse_instant
from common.errors import SiteError
from content_model.fields import SourceName, parse_source_name, slugify, validate_front_matter
from content_model.frontmatter import FrontMatterError, internal_links, split_front_matter

LANGS = ("it", "en")
CODES = {"audience": ["startup", "pmi"], "sector": ["design", "robotica"]}


def validate(section, text, lang="it"):
    located = load_located(text, first_line=2)
    return validate_front_matter("content/x.md", located, SourceName(section, "key", lang), CODES)


# --- file names -----------------------------------------------------------

def test_a_valid_name_gives_section_key_and_language():
    source, errors = parse_source_name("news/bando-spazi.en.md", LANGS)
    assert errors == []
    assert source == SourceName("news", "bando-spazi", "en")


@pytest.mark.parametrize("relpath, expected", [
    ("news/bando.md", "no language suffix"),
    ("news/bando.de.md", "unknown language 'de'"),
    ("news/Bando_Spazi.it.md", "lowercase letters, digits and hyphens"),
    ("bando.it.md", "one of content/"),
    ("blog/bando.it.md", "one of content/"),
])
def test_a_bad_name_is_refused_with_the_fix(relpath, expected):
    source, errors = parse_source_name(relpath, LANGS)
    assert source is None
    assert expected in errors[0].message
    assert errors[0].fix


SECTIONS_TEXT = "content files go in one of content/{news,cases,opportunities,pages}/"


@pytest.mark.parametrize("relpath, message, fix", [
    ("news/bando.md", "the file name has no language suffix", "rename it to bando.it.md or bando.en.md"),
    ("news/bando.de.md", "unknown language 'de' in the file name",
     "use 'it' or 'en': rename it to bando.it.md or bando.en.md"),
    ("news/Bando_Spazi.it.md", "the key 'Bando_Spazi' must be lowercase letters, digits and hyphens",
     "rename the file, e.g. to bando-spazi.it.md"),
    ("news/bando.it.en.md", "the key 'bando.it' must be lowercase letters, digits and hyphens",
     "rename the file, e.g. to bando-it.en.md"),
    ("news/___.it.md", "the key '___' must be lowercase letters, digits and hyphens",
     "rename the file, e.g. to my-item.it.md"),
    ("bando.it.md", SECTIONS_TEXT, "move the file into its section folder, e.g. content/news/"),
    ("news/2027/bando.it.md", SECTIONS_TEXT, "move the file into its section folder, e.g. content/news/"),
])
def test_a_bad_name_is_exactly_one_error_with_its_path_and_fix(relpath, message, fix):
    assert parse_source_name(relpath, ("it", "en")) == (None, [SiteError(f"content/{relpath}", None, None, message, fix)])


def test_a_windows_path_is_read_like_a_posix_one():
    assert parse_source_name("news\\bando-2.it.md", ("it", "en")) == (SourceName("news", "bando-2", "it"), [])


@pytest.mark.parametrize("text, slug", [
    ("Caffè & Virtù", "caffe-virtu"), ("  --Già fatto!--  ", "gia-fatto"), ("ÀÉÎ 3D", "aei-3d"), ("日本", ""),
])
def test_slugify_keeps_ascii_letters_and_digits_joined_by_hyphens(text, slug):
    assert slugify(text) == slug


# --- dates ------------------------------------------------------------------

@pytest.mark.parametrize("text, utc", [
    ("2027-01-15", datetime(2027, 1, 14, 23, 0, tzinfo=timezone.utc)),
    ("2027-03-31 12:00", datetime(2027, 3, 31, 10, 0, tzinfo=timezone.utc)),
    ("2027-03-31 12:00:00", datetime(2027, 3, 31, 10, 0, tzinfo=timezone.utc)),
    ("2027-03-31T12:00:00+02:00", datetime(2027, 3, 31, 10, 0, tzinfo=timezone.utc)),
    ("2027-01-31 9:30", datetime(2027, 1, 31, 8, 30, tzinfo=timezone.utc)),
])
def test_every_editor_form_is_an_instant_in_rome(text, utc):
    instant = parse_instant(text)
    assert instant == utc
    assert instant.tzinfo is not None
    assert instant.utcoffset() in (timedelta(hours=1), timedelta(hours=2))


def test_a_date_alone_as_deadline_is_the_last_second_of_the_day():
    instant = parse_instant("2027-03-31", END_OF_DAY)
    assert (instant.hour, instant.minute, instant.second) == (23, 59, 59)
    assert instant.utcoffset() == timedelta(hours=2)


def test_a_time_skipped_by_summer_time_is_refused():
    with pytest.raises(DateError, match="does not exist"):
        parse_instant("2027-03-28 02:30")


def test_a_time_repeated_at_the_end_of_summer_time_is_refused_unless_offset_given():
    with pytest.raises(DateError, match="happens twice"):
        parse_instant("2027-10-31 02:30")
    assert parse_instant("2027-10-31T02:30:00+01:00").utcoffset() == timedelta(hours=1)


@pytest.mark.parametrize("text", ["2027-02-30", "31/03/2027", "domani", "2027-13-01 10:00"])
def test_an_impossible_or_unknown_date_is_refused(text):
    with pytest.raises(DateError):
        parse_instant(text)


# --- front matter -------------------------------------------------------------

def test_front_matter_keeps_dates_as_text_and_knows_lines():
    located, body, body_line = split_front_matter("f.md", "---\ntitle: T\ndate: 2027-01-15\n---\nBody\n")
    assert located.data["date"] == "2027-01-15"
    assert located.line_of("date") == 3
    assert body == "Body\n"
    assert body_line == 5


@pytest.mark.parametrize("text, line, message", [
    ("title: no fence\n", 1, "does not start with front matter"),
    ("---\ntitle: T\n", 1, "not closed"),
    ("---\ntitle: T\nsummary: [unclosed\n---\n", 4, "invalid YAML"),
    ("---\ntitle: T\ntags: a: b\n---\n", 3, "invalid YAML"),
    ("---\ntitle: T\nsummary: S\ntitle: U\n---\n", 4, "'title' is written twice (lines 2 and 4)"),
])
def test_malformed_front_matter_names_the_line(text, line, message):
    with pytest.raises(FrontMatterError) as caught:
        split_front_matter("content/news/x.it.md", text)
    error = caught.value.errors[0]
    assert error.line == line
    assert message in error.message
    assert error.fix


def test_internal_links_are_found_with_their_line():
    body = "Intro\n\nSee [the call]({filename}../opportunities/bando.it.md#req) and ![x]({static}/images/a.jpg).\n"
    assert internal_links(body, 10) == [
        ("filename", "../opportunities/bando.it.md", 12),
        ("static", "/images/a.jpg", 12),
    ]


# --- fields -------------------------------------------------------------------

NEWS = "title: Titolo\nsummary: Sommario\ndate: 2027-01-15\n"
OPPORTUNITY = NEWS + "deadline: 2027-03-31\napply_url: https://example.org/apply\n"
CASE = NEWS + "company: Acme\n"


@pytest.mark.parametrize("section, text, field", [
    ("news", "summary: S\ndate: 2027-01-15\n", "title"),
    ("news", "title: T\ndate: 2027-01-15\n", "summary"),
    ("news", "title: T\nsummary: S\n", "date"),
    ("cases", NEWS, "company"),
    ("opportunities", NEWS + "apply_url: https://example.org\n", "deadline"),
    ("opportunities", NEWS + "deadline: 2027-03-31\n", "apply_url"),
    ("pages", "summary: S\n", "title"),
])
def test_each_required_field_is_enforced(section, text, field):
    values, errors = validate(section, text)
    assert [(e.field, e.message) for e in errors] == [(field, "is required and missing")]
    assert f"'{field}: ...'" in errors[0].fix


def test_valid_items_have_normalised_values():
    values, errors = validate("opportunities", OPPORTUNITY + "audience: [startup, pmi]\namount: {min: 1000, max: 5000}\n")
    assert errors == []
    assert values["deadline"].hour == 23 and values["deadline"].second == 59
    assert values["audience"] == ["startup", "pmi"]
    assert values["amount"] == {"min": 1000, "max": 5000}
    assert values["slug"] == "key"


@pytest.mark.parametrize("section, extra, field, fragment", [
    ("cases", "municipio: 12\n", "municipio", "must be 1..9, got 12"),
    ("cases", "sector: desing\n", "sector", "unknown code 'desing'"),
    ("opportunities", "audience: [startups]\n", "audience", "unknown code 'startups'"),
    ("opportunities", "amount: 10.000 €\n", "amount", "not an amount in euro"),
    ("opportunities", "amount: {min: 9000, max: 100}\n", "amount", "min is larger than max"),
    ("opportunities", "apply_url: www.comune.milano.it\n", "apply_url", "not a web address"),
    ("opportunities", "opens: 2027-04-01\n", "opens", "is after the deadline"),
    ("news", "image: 2027/laser.jpg\n", "image_alt", "required when 'image' is set"),
    ("news", "tags: stampa 3d\n", "tags", "must be a list"),
    ("news", "slug: Bando Spazi\n", "slug", "not a valid slug"),
    ("news", "status: bozza\n", "status", "not a status"),
    ("news", "deadine: 2027-01-01\n", "deadine", "is not a field of this section"),
])
def test_wrong_fields_are_refused_with_line_and_fix(section, extra, field, fragment):
    base = {"cases": CASE, "opportunities": OPPORTUNITY, "news": NEWS}[section]
    text = base.replace("apply_url: https://example.org/apply\n", "") if field == "apply_url" else base
    values, errors = validate(section, text + extra)
    matching = [e for e in errors if e.field == field]
    assert matching, errors
    assert fragment in matching[0].message
    assert matching[0].line == 2 + (text + extra).splitlines().index(extra.splitlines()[0])
    assert matching[0].fix


def test_a_misspelt_field_gets_a_suggestion():
    values, errors = validate("opportunities", OPPORTUNITY + "dedline: 2027-01-01\n")
    assert "did you mean 'deadline'?" in errors[0].fix


def test_a_misspelt_code_gets_a_suggestion():
    values, errors = validate("opportunities", OPPORTUNITY + "audience: [startp]\n")
    assert "did you mean 'startup'?" in errors[0].fix


def test_every_error_of_a_file_is_reported_at_once():
    values, errors = validate("cases", "title: T\nmunicipio: 0\nsector: x\n")
    assert {e.field for e in errors} >= {"summary", "date", "company", "municipio", "sector"}


def test_summary_stays_plain_text():
    values, errors = validate("news", "title: T\nsummary: 'Il *bando* <b>nuovo</b>'\ndate: 2027-01-15\n")
    assert values["summary"] == "Il *bando* <b>nuovo</b>"


# --- the errors an editor reads -------------------------------------------------

def test_the_report_counts_lists_and_says_nothing_was_written():
    from common.errors import format_report, format_warnings

    one = SiteError("a.md", 3, "title", "too long", "shorten it")
    two = SiteError("b.md", None, None, "unknown language")
    assert format_report([one]) == ("The site was not built: 1 error in the content.\n"
                                    "a.md:3: field 'title': too long\n    how to fix: shorten it\n"
                                    "Nothing was written; the last published output/ is unchanged.")
    assert format_report([one, two]).splitlines()[0] == "The site was not built: 2 errors in the content."
    assert format_report([one, two]).splitlines()[3] == "b.md: unknown language"
    assert format_warnings([two]) == ("1 warning (the site is built; nothing needs fixing for it):\n"
                                      "b.md: unknown language")
    assert format_warnings([one, two]).splitlines()[0] == \
        "2 warnings (the site is built; nothing needs fixing for it):"
    assert format_warnings([]) == "0 warnings (the site is built; nothing needs fixing for it):"


def test_errors_are_listed_once_by_file_then_line_the_lineless_first():
    from common.errors import sorted_errors

    late, early, lineless = SiteError("a.md", 9, None, "x"), SiteError("a.md", 2, "z", "y"), SiteError("a.md", None, None, "w")
    other = SiteError("0.md", 5, None, "v")
    assert sorted_errors([late, early, late, lineless, other]) == [other, lineless, early, late]
    assert sorted_errors([SiteError("a.md", 1, "b", "m"), SiteError("a.md", 1, None, "m"),
                          SiteError("a.md", 1, None, "m", "fix"), SiteError("a.md", 1, None, "l")]) == [
        SiteError("a.md", 1, None, "l"), SiteError("a.md", 1, None, "m"), SiteError("a.md", 1, None, "m", "fix"),
        SiteError("a.md", 1, "b", "m")]
    # No line sorts before line 1, and no field before any field.
    assert sorted_errors([SiteError("a.md", 1, "a", "m"), SiteError("a.md", None, "b", "m")])[0].line is None
    assert sorted_errors([SiteError("a.md", 1, "A", "m"), SiteError("a.md", 1, None, "m")])[0].field is None


def test_the_collector_gathers_errors_and_refuses_the_build_once():
    from pathlib import Path

    from common.errors import BuildRefused, ErrorCollector, collector_for

    settings = {}
    collector = collector_for(settings)
    assert collector_for(settings) is collector and settings["SITE_ERRORS"] is collector
    collector.raise_if_any()
    collector.add(Path("content/b.md"), 2, "date", "not a date", "write 2027-01-15")
    collector.append(SiteError("content/a.md", 1, None, "first"))
    collector.extend([SiteError("content/c.md", None, None, "third")])
    assert collector.errors[0] == SiteError("content/b.md", 2, "date", "not a date", "write 2027-01-15")
    collector.add("content/d.md", 1, None, "no fix known")
    assert collector.errors.pop() == SiteError("content/d.md", 1, None, "no fix known", "")
    with pytest.raises(BuildRefused) as refused:
        collector.raise_if_any()
    assert [e.path for e in refused.value.errors] == ["content/a.md", "content/b.md", "content/c.md"]
    assert str(refused.value) == "3 error(s) in the input, listed above; nothing was written"
    assert refused.value.exitcode == 2
    assert collector.errors == []
    collector.raise_if_any()


# --- dates at their edges -------------------------------------------------------

ROME_ZONE = __import__("zoneinfo").ZoneInfo("Europe/Rome")


@pytest.mark.parametrize("text, year", [("1900-01-01", 1900), ("2199-12-31 12:00", 2199)])
def test_the_first_and_last_years_are_accepted(text, year):
    assert parse_instant(text).year == year


@pytest.mark.parametrize("text", ["1899-12-31 12:00", "2200-01-01"])
def test_a_year_outside_the_range_is_called_a_typo(text):
    with pytest.raises(DateError) as refused:
        parse_instant(text)
    assert str(refused.value) == f"'{text}' is not between 1900 and 2199: is the year mistyped?"


def test_a_date_beyond_what_python_holds_is_refused_by_name():
    with pytest.raises(DateError) as refused:
        parse_instant("9999-12-31T23:30:00-05:00")
    assert str(refused.value) == "'9999-12-31T23:30:00-05:00' is outside the dates the site can show"


def test_datetimes_from_yaml_are_read_in_rome():
    assert parse_instant(datetime(2027, 1, 15, 12, 0)) == datetime(2027, 1, 15, 12, 0, tzinfo=ROME_ZONE)
    aware = parse_instant(datetime(2027, 1, 15, 12, 0, tzinfo=timezone.utc))
    assert aware == datetime(2027, 1, 15, 13, 0, tzinfo=ROME_ZONE) and aware.utcoffset() == timedelta(hours=1)
    with pytest.raises(DateError, match="does not exist"):
        parse_instant(datetime(2027, 3, 28, 2, 30))


def test_a_one_digit_hour_after_t_is_padded():
    assert parse_instant("2027-01-31T9:30") == datetime(2027, 1, 31, 8, 30, tzinfo=timezone.utc)
    assert parse_instant("2027-01-31T9:30:00+01:00") == datetime(2027, 1, 31, 8, 30, tzinfo=timezone.utc)


def test_the_summer_time_refusals_say_how_to_fix_them():
    with pytest.raises(DateError) as skipped:
        parse_instant("2027-03-28 02:30")
    assert str(skipped.value) == ("2027-03-28 02:30 does not exist in Italy (clocks go forward at the start of "
                                  "summer time); choose a time outside 02:00-03:00 that day")
    with pytest.raises(DateError) as repeated:
        parse_instant("2027-10-31 02:30")
    assert str(repeated.value) == ("2027-10-31 02:30 happens twice in Italy (clocks go back at the end of summer "
                                   "time); add the offset, e.g. +02:00 for the first or +01:00 for the second")


# --- checks across files ----------------------------------------------------------

def test_every_cross_file_error_in_one_pass():
    from content_model.checks import cross_file_errors

    files = {"images/ok.jpg", "documents/ok.pdf", "images/2027/a.png"}

    def item(path, slug, section="news", lang="it", **extra):
        return {"path": path, "section": section, "lang": lang, "slug": slug, **extra}

    items = [
        item("content/pages/notizie.it.md", "notizie", section="pages"),
        item("content/pages/news.it.md", "news", section="pages"),
        item("content/news/foto.it.md", "foto", image="manca.jpg", image_line=6),
        item("content/news/buona.it.md", "buona", image="ok.jpg", internal_links=[
            ("filename", "news/foto.it.md", 8), ("static", "images/ok.jpg", 9), ("attach", "documents/ok.pdf", 10)]),
        item("content/news/link.it.md", "link", internal_links=[
            ("filename", "news/nulla.it.md", 11), ("filename", "news/rotta.it.md", 12),
            ("filename", "news/esempio.it.md", 13), ("filename", "news/domani.it.md", 14),
            ("static", "../fuori.txt", 15), ("attach", "..", 16), ("static", "pages/x.md", 17),
            ("static", "images/manca.png", 18), ("attach", "documents/manca.pdf", 19),
            ("static", "images/2027/a.png", 20)]),
        item("content/news/altro.it.md", "rotta-link", internal_links=[("filename", "news/rotta.it.md", 3)]),
        item("content/news/doppia.it.md", "uguale", slug_line=4),
        item("content/news/uguale.it.md", "uguale"),
        item("content/news/uguale.en.md", "uguale", lang="en"),
    ]
    errors = cross_file_errors(items, {"news/foto.it.md", "news/buona.it.md"}, files.__contains__,
                               {"it": {"notizie"}, "en": {"news"}}, refused_sources={"news/rotta.it.md"},
                               left_out={"news/esempio.it.md": "example", "news/domani.it.md": "scheduled"})
    link = "content/news/link.it.md"
    assert errors == [
        SiteError("content/pages/notizie.it.md", None, "slug", "'notizie' is already a section of the site",
                  "give the page another slug, e.g. 'slug: about-notizie'"),
        SiteError("content/news/foto.it.md", 6, "image", "content/images/manca.jpg does not exist",
                  "add the file to content/images/ or correct the path (relative to content/images/)"),
        SiteError(link, 11, "link", "{filename}news/nulla.it.md points to no published item",
                  "link an existing file, relative to this one (e.g. {filename}../news/key.it.md) "
                  "or with a leading / from content/; drafts are not published"),
        SiteError(link, 13, "link", "{filename}news/esempio.it.md links to an example, which the production build "
                  "leaves out", "link a real item, or remove the link until the example is replaced by real content"),
        SiteError(link, 14, "link", "{filename}news/domani.it.md links to a scheduled item, not published yet",
                  "remove the link until the item is published, or link it from a later item"),
        SiteError(link, 15, "link", "{static}../fuori.txt points outside content/",
                  "link a file under content/documents/ or content/images/, e.g. {static}/documents/notice.pdf"),
        SiteError(link, 16, "link", "{attach}.. points outside content/",
                  "link a file under content/documents/ or content/images/, e.g. {static}/documents/notice.pdf"),
        SiteError(link, 17, "link", "{static}pages/x.md is not a document or an image",
                  "{static} links lead to files in content/documents/ or content/images/; "
                  "link other items with {filename}"),
        SiteError(link, 18, "link", "{static}images/manca.png points to no file",
                  "add the file under content/ or correct the path, e.g. {static}/images/2027/photo.jpg"),
        SiteError(link, 19, "link", "{attach}documents/manca.pdf points to no file",
                  "add the file under content/ or correct the path, e.g. {static}/images/2027/photo.jpg"),
        SiteError("content/news/doppia.it.md", 4, "slug",
                  "the it URL 'uguale' is also used by content/news/uguale.it.md",
                  "give one of them a different 'slug:' (the URL comes from 'slug:', else from the file name)"),
        SiteError("content/news/uguale.it.md", None, "slug",
                  "the it URL 'uguale' is also used by content/news/doppia.it.md (line 4)",
                  "give one of them a different 'slug:' (the URL comes from 'slug:', else from the file name)"),
        SiteError("content/news/rotta.it.md", None, None,
                  "because of this file's errors, 2 link(s) to it fail: content/news/altro.it.md:3, "
                  "content/news/link.it.md:12",
                  "fix this file's errors; the links work again once it is published"),
    ]


def test_without_left_out_items_a_link_to_a_missing_one_points_to_nothing():
    from content_model.checks import cross_file_errors

    items = [{"path": "content/news/a.it.md", "section": "news", "lang": "it", "slug": "a",
              "internal_links": [("filename", "news/b.it.md", 5)]}]
    [error] = cross_file_errors(items, set(), lambda path: True, {})
    assert error.message == "{filename}news/b.it.md points to no published item"


def test_utc_z_and_the_messages_of_unreadable_dates():
    assert parse_instant("2027-03-31T10:00:00Z") == datetime(2027, 3, 31, 10, 0, tzinfo=timezone.utc)
    with pytest.raises(DateError) as unknown:
        parse_instant(" 31/03/2027 ")
    assert str(unknown.value) == "'31/03/2027' is not a date in a known form"
    with pytest.raises(DateError) as unreal:
        parse_instant("2027-02-30")
    assert str(unreal.value) == "'2027-02-30' is not a real date or time (day is out of range for month)"


@pytest.mark.parametrize("text, line", [("a: b: c\t", 2), ("x: 1\na: b: c\t\n", 3)])
def test_a_tab_anywhere_on_the_line_of_a_yaml_error_is_named(text, line):
    from common.yamlsource import YamlSyntaxError

    with pytest.raises(YamlSyntaxError) as refused:
        load_located(text, first_line=2)
    assert str(refused.value) == f"invalid YAML: a tab character is on line {line}; YAML indents with spaces only"
    assert refused.value.line == line
    assert refused.value.fix == "replace the tab with spaces (two per level of indentation)"


def test_cross_file_checks_edges():
    from content_model.checks import cross_file_errors

    def item(path, slug, section="news", lang="it", **extra):
        return {"path": path, "section": section, "lang": lang, "slug": slug, **extra}

    items = [item("content/pages/notizie.en.md", "notizie", section="pages", lang="en"),
             item("content/news/a.it.md", "a", internal_links=[("attach", "pages/y.md", 2)]),
             item("content/news/b.it.md", "tre"), item("content/news/c.it.md", "tre"),
             item("content/news/d.it.md", "tre", slug_line=7)]
    errors = cross_file_errors(items, set(), lambda path: True, {"it": {"notizie"}})
    assert [(e.path, e.message) for e in errors] == [
        ("content/news/a.it.md", "{attach}pages/y.md is not a document or an image"),
        ("content/news/b.it.md", "the it URL 'tre' is also used by content/news/c.it.md, content/news/d.it.md (line 7)"),
        ("content/news/c.it.md", "the it URL 'tre' is also used by content/news/b.it.md, content/news/d.it.md (line 7)"),
        ("content/news/d.it.md", "the it URL 'tre' is also used by content/news/b.it.md, content/news/c.it.md"),
    ]


# --- reading an input file ---------------------------------------------------------

def source_error(call, *args):
    from common.yamlsource import SourceError

    with pytest.raises(SourceError) as refused:
        call(*args)
    return str(refused.value), refused.value.line, refused.value.fix


SAVE_AS_UTF8 = ("save the file as UTF-8 (in most editors: 'Save with encoding' or 'Encoding' → UTF-8, "
                "without BOM)")


@pytest.mark.parametrize("data, refusal", [
    (b"\xef\xbb\xbftitle: x\n", ("the file starts with an invisible byte-order mark (BOM)", 1, SAVE_AS_UTF8)),
    (b"\xff\xfe" + "title: x\n".encode("utf-16-le"), ("the file is saved as UTF-16", 1, SAVE_AS_UTF8)),
    (b"\xfe\xff\x00t", ("the file is saved as UTF-16", 1, SAVE_AS_UTF8)),
    (b"title: x\nsummary: caff\xe8\n", ("the file is not saved as UTF-8: byte 0xe8 on line 2 is not valid UTF-8 "
                                       "(saved as Latin-1 or Windows-1252?)", 2, SAVE_AS_UTF8)),
    (b"a\nb\nc\x00d\n", ("the file contains a NUL character: is it a text file?", 3,
                         "save it again as plain text (UTF-8)")),
    (b"\nx\x00\ny\x00", ("the file contains a NUL character: is it a text file?", 2,
                         "save it again as plain text (UTF-8)")),
    (b"\n\xe8\n\n", ("the file is not saved as UTF-8: byte 0xe8 on line 2 is not valid UTF-8 "
                     "(saved as Latin-1 or Windows-1252?)", 2, SAVE_AS_UTF8)),
])
def test_bytes_that_are_not_utf8_text_are_refused_with_their_line(data, refusal):
    from common.yamlsource import decode_source

    assert source_error(decode_source, data) == refusal


def test_utf8_text_is_read_as_it_is():
    from common.yamlsource import decode_source

    assert decode_source("titolo: qualità\n".encode()) == "titolo: qualità\n"


def test_a_file_at_the_limit_is_read_and_one_byte_more_is_refused(tmp_path):
    from common.yamlsource import read_source

    path = tmp_path / "x.md"
    path.write_bytes(b"a" * 1000)
    assert read_source(path, 1000) == "a" * 1000
    path.write_bytes(b"a" * 1001)
    assert source_error(read_source, path, 1000) == (
        "the file is 1,001 bytes, over the limit of 1,000 bytes", None,
        "split it into smaller files, or link large material as a document (limits: docs/inputs.md)")


def test_a_pipe_is_refused_without_being_opened(tmp_path):
    import os

    from common.yamlsource import read_source

    os.mkfifo(tmp_path / "pipe.md")
    assert source_error(read_source, tmp_path / "pipe.md", 1000) == (
        "is not a regular file (a pipe or a device)", None, "replace it with the file itself")


ALIAS_FIX = ("write the value out in full where it is needed: anchors ('&name') and aliases ('*name') "
             "are not accepted")


@pytest.mark.parametrize("text, refusal", [
    ("a: &x 1\nb: *x\n", ("invalid YAML: a YAML alias ('*name') repeats a value written elsewhere", 6, ALIAS_FIX)),
    ("l:\n  - &x 1\n  - 2\n  - *x\n",
     ("invalid YAML: a YAML alias ('*name') repeats a value written elsewhere", 5, ALIAS_FIX)),
    ("base: &b {x: 1}\nc:\n  <<: *b\n", ("invalid YAML: a merge key ('<<:') copies fields from elsewhere", 7, ALIAS_FIX)),
    ("- &x [1]\n- *x\n", ("invalid YAML: a YAML alias ('*name') repeats a value written elsewhere", 5, ALIAS_FIX)),
    ("a: " + "[" * 3000 + "]" * 3000, ("invalid YAML: the values are nested too deeply", None,
                                       "write the fields flat, as 'field: value' lines")),
    ("? [a]\n: 1\n", ("invalid YAML: a field name must be a word, not a list or a map", 5,
                      "write 'field: value', with a plain word before the colon")),
])
def test_yaml_that_repeats_or_copies_values_is_refused_at_its_line(text, refusal):
    assert source_error(load_located, text, 5) == refusal


def test_every_key_and_list_item_has_its_file_line():
    located = load_located("a:\n  - 1\n  - b: 2\n    c: 3\n", first_line=5)
    assert located.data == {"a": [1, {"b": 2, "c": 3}]}
    assert located.lines == {("a",): 5, ("a", 0): 6, ("a", 1): 7, ("a", 1, "b"): 7, ("a", 1, "c"): 8}


# --- every refusal of the front matter, in full ---------------------------------
# Each case: the front matter, every error it gives as (line, field, message,
# fix), and the normalised values (dates left out: they are pinned above).

PATH = "content/x.md"
EXAMPLE_FIX = ("an example links only to example.org, example.com, example.net or a host ending in .example: "
               "write e.g. https://www.example.org/... or info@example.org, or remove 'example: true' if it is real")
AMOUNT_FIX = "write a number (amount: 50000) or {min: 5000, max: 50000, total: 1000000}, without € or dots"
NEWS_VALUES = {"status": "published", "title": "Titolo", "summary": "Sommario", "slug": "key", "tags": []}
CASE_VALUES = dict(NEWS_VALUES, company="Acme")
OPPORTUNITY_VALUES = dict(NEWS_VALUES, apply_url="https://example.org/apply")
WEB_FIX = "write the full address, starting with https://"
TEXT_FIX = "write a line of text after '{}:'"
MUNICIPIO_FIX = "write the number of the Municipio, from 1 to 9"


@pytest.mark.parametrize("section, text, errors, values", [
    ("news", "- a\n- b\n",
     [(1, None, "the front matter must be 'field: value' lines",
       "start the file with ---, then one 'field: value' per line, then ---")], {}),
    ("news", NEWS + "zzzzzz: 1\n",
     [(5, "zzzzzz", "is not a field of this section", "the fields of news are: date, example, image, image_alt, "
       "modified, slug, sources, status, summary, tags, title")], NEWS_VALUES),
    ("news", "status: draft\ntitle: T\n", [], {"status": "draft", "title": "T", "slug": "key", "tags": []}),
    # A draft as `invoke new` scaffolds it: its empty dates and addresses are not checked yet.
    ("opportunities", "status: draft\ntitle: T\ndate: ''\nopens: ''\ndeadline: ''\napply_url: ''\n", [],
     {"status": "draft", "title": "T", "slug": "key", "tags": []}),
    ("news", "title: 3\nsummary: S\ndate: 2027-01-15\n",
     [(2, "title", "must be text and not empty", TEXT_FIX.format("title"))],
     {"status": "published", "summary": "S", "slug": "key", "tags": []}),
    ("news", "title: '   '\nsummary: '  Sommario  '\ndate: 2027-01-15\n",
     [(2, "title", "must be text and not empty", TEXT_FIX.format("title"))],
     {"status": "published", "summary": "Sommario", "slug": "key", "tags": []}),
    ("opportunities", OPPORTUNITY + "contact: [a]\n",
     [(7, "contact", "must be text and not empty", TEXT_FIX.format("contact"))], OPPORTUNITY_VALUES),
    ("opportunities", OPPORTUNITY + "contact: ' Ufficio bandi '\nresults_url: https://example.org/r\n", [],
     dict(OPPORTUNITY_VALUES, contact="Ufficio bandi", results_url="https://example.org/r")),
    ("news", NEWS.replace("2027-01-15", "domani"),
     [(4, "date", "'domani' is not a date in a known form", f"write the date as {FORMS}")],
     NEWS_VALUES),
    ("cases", CASE + "website: 3\n", [(6, "website", "'3' is not a web address", WEB_FIX)], CASE_VALUES),
    ("cases", CASE + "website: ftp://example.org/x\n",
     [(6, "website", "'ftp://example.org/x' is not a web address", WEB_FIX)], CASE_VALUES),
    ("cases", CASE + "website: http://example.org/x\n",
     [(6, "website", "'http://example.org/x' is not a secure address (http://)",
       "write it with https:// (check that the page opens that way)")], CASE_VALUES),
    ("cases", CASE + "website: https:///x\n", [(6, "website", "'https:///x' is not a web address", WEB_FIX)],
     CASE_VALUES),
    ("cases", CASE + "website: https://example.org/x\nsector: design\nmunicipio: 9\n", [],
     dict(CASE_VALUES, website="https://example.org/x", sector="design", municipio=9)),
    ("news", NEWS + "slug: 3\n",
     [(5, "slug", "'3' is not a valid slug", "use lowercase letters, digits and hyphens, e.g. '3'")], NEWS_VALUES),
    ("news", NEWS + "slug: '!!!'\n",
     [(5, "slug", "'!!!' is not a valid slug", "use lowercase letters, digits and hyphens, e.g. 'key'")],
     NEWS_VALUES),
    ("news", NEWS + "slug: altro-nome\ntags:\n", [], dict(NEWS_VALUES, slug="altro-nome")),
    ("news", NEWS + "tags: [' a ', '', b]\n",
     [(5, "tags", "must be a list of words", "write 'tags: [stampa 3d, bandi]' or one '- tag' per line")],
     NEWS_VALUES),
    ("news", NEWS + "tags:\n  - ' a '\n  - '🎉'\n  - b\n",
     [(7, "tags", "the tag '🎉' has no letters or digits to make its address from",
       "use words for tags, e.g. 'stampa 3d' (emoji and punctuation alone cannot name a page)")],
     dict(NEWS_VALUES, tags=["a", "b"])),
    *[("news", NEWS + f"image: {image}\nimage_alt: A\n",
       [(5, "image", f"'{image}' is not a path inside content/images/",
         "write the path relative to content/images/, e.g. 'image: 2027/laser.jpg'")],
       dict(NEWS_VALUES, image_alt="A")) for image in ("/abs.jpg", "a/../b.jpg", "3")],
    ("news", NEWS + "image: 2027/a..b.jpg\n",
     [(5, "image_alt", "is required when 'image' is set",
       "describe the picture for people who cannot see it: 'image_alt: ...'")],
     dict(NEWS_VALUES, image="2027/a..b.jpg")),
    ("cases", CASE + "sector: zzzzzz\n",
     [(6, "sector", "unknown code 'zzzzzz'", "use one of: design, robotica (data/codes.yaml)")], CASE_VALUES),
    ("cases", CASE + "sector: desing\n",
     [(6, "sector", "unknown code 'desing'", "did you mean 'design'? use one of: design, robotica (data/codes.yaml)")],
     CASE_VALUES),
    *[("cases", CASE + f"municipio: {written}\n", [(6, "municipio", f"must be 1..9, got {shown}", MUNICIPIO_FIX)],
       CASE_VALUES) for written, shown in (("true", "True"), ("'3'", "3"), ("0", "0"), ("10", "10"))],
    ("cases", CASE + "municipio: 1\n", [], dict(CASE_VALUES, municipio=1)),
    ("opportunities", OPPORTUNITY + "audience: startup\n",
     [(7, "audience", "must be a list of codes", "write 'audience: [startup, pmi]'")], OPPORTUNITY_VALUES),
    ("opportunities", OPPORTUNITY + "audience:\n  - startup\n  - zzzzzz\n  - pmi\n",
     [(9, "audience", "unknown code 'zzzzzz'", "use one of: startup, pmi (data/codes.yaml)")],
     dict(OPPORTUNITY_VALUES, audience=["startup", "pmi"])),
    *[("opportunities", OPPORTUNITY + f"amount: {written}\n", [], dict(OPPORTUNITY_VALUES, amount=amount))
      for written, amount in (("0", {"max": 0}), ("2500.5", {"max": 2500.5}), ("{min: 5, max: 5}", {"min": 5, "max": 5}),
                              ("{total: 0}", {"total": 0}))],
    *[("opportunities", OPPORTUNITY + f"amount: {written}\n",
       [(7, "amount", "is negative", "write the amount in euro as a positive number")], OPPORTUNITY_VALUES)
      for written in ("-5", "-0.5", "{min: -5, max: 10}")],
    *[("opportunities", OPPORTUNITY + f"amount: {written}\n",
       [(7, "amount", f"'{shown}' is not an amount in euro", AMOUNT_FIX)], OPPORTUNITY_VALUES)
      for written, shown in (("{min: 5, cap: 10}", "{'min': 5, 'cap': 10}"), ("{}", "{}"), ("true", "True"),
                             (".nan", "nan"), (".inf", "inf"), ("{max: .inf}", "{'max': inf}"),
                             ("{max: true}", "{'max': True}"), ("10.000 €", "10.000 €"))],
    ("opportunities", OPPORTUNITY + "amount: {min: 9000, max: 100}\n",
     [(7, "amount", "min is larger than max", "swap the two numbers")],
     dict(OPPORTUNITY_VALUES, amount={"min": 9000, "max": 100})),
    *[("opportunities", OPPORTUNITY + f"documents: {written}\n",
       [(7, "documents", "must be a list of {title, file}",
         "write one '- title: ...' and 'file: ...' pair per document")], OPPORTUNITY_VALUES)
      for written in ("x.pdf", "[{title: T}]", "[{file: x.pdf}]", "[{title: 1, file: x.pdf}]", "[x.pdf]")],
    ("opportunities", OPPORTUNITY + "documents: [{title: T, file: x.pdf}]\n", [],
     dict(OPPORTUNITY_VALUES, documents=[{"title": "T", "file": "x.pdf"}])),
    ("news", NEWS + "example: 'yes'\n",
     [(5, "example", "must be true or false", "write 'example: true' for invented content")], NEWS_VALUES),
    ("news", NEWS + "example: false\n", [], dict(NEWS_VALUES, example=False)),
    ("news", NEWS + "sources: linee-guida\n",
     [(5, "sources", "must be a list", "write one '- linee-guida' (an id of data/sources.yaml) or "
       "'- {title: ..., publisher: ..., year: 2017, url: https://...}' per line")], NEWS_VALUES),
    ("news", NEWS + "sources:\n  - Linee Guida\n  - {title: T, publisher: P, isbn: 1}\n  - {title: ' ', year: true}\n"
     "  - {title: T, publisher: P, year: '2017', url: 'http://x.org'}\n  - {title: T, publisher: P, url: 'https://'}\n"
     "  - linee-guida\n  - {title: ' T ', publisher: P, year: 2017, url: 'https://x.org/a'}\n",
     [(6, "sources", "'Linee Guida' is neither the id of a source nor a {title, publisher, year} map",
       "write the id of an entry of data/sources.yaml (lowercase, hyphens), e.g. 'linee-guida'"),
      (7, "sources", "unknown field 'isbn' in a source", "a source has title, publisher, year and url"),
      (8, "sources", "a source needs its title", "add 'title: ...' to the source"),
      (8, "sources", "a source needs its publisher", "add 'publisher: ...' to the source"),
      (8, "sources", "year 'True' is not a year", "write the year as a number, e.g. 'year: 2017'"),
      (9, "sources", "year '2017' is not a year", "write the year as a number, e.g. 'year: 2017'"),
      (9, "sources", "'http://x.org' is not an https address", WEB_FIX),
      (10, "sources", "'https://' is not an https address", WEB_FIX)],
     dict(NEWS_VALUES, sources=[{"id": "linee-guida", "line": 11},
                                {"title": "T", "publisher": "P", "year": 2017, "url": "https://x.org/a", "line": 12}])),
    ("opportunities", "title: T\nsummary: S\ndate: 2027-01-15\ndeadline: 2027-03-31\nopens: 2027-04-01\n"
     "example: true\napply_url: https://www.comune.milano.it/a\nresults_url: https://www.comune.milano.it/r\n"
     "contact: scrivi a info@comune.milano.it o https://www.example.org/ok\ndocuments:\n  - title: Bando\n"
     "    file: https://www.comune.milano.it/b.pdf\n  - title: Ok\n    file: https://example.org/b.pdf\n"
     "sources:\n  - {title: T, publisher: P, url: 'https://example.org/s'}\n"
     "  - {title: T, publisher: P, url: 'https://www.comune.milano.it/s'}\n",
     [(8, "apply_url", "'https://www.comune.milano.it/a' is a real address in an example", EXAMPLE_FIX),
      (9, "results_url", "'https://www.comune.milano.it/r' is a real address in an example", EXAMPLE_FIX),
      (10, "contact", "'info@comune.milano.it' is a real address in an example", EXAMPLE_FIX),
      (13, "documents", "'https://www.comune.milano.it/b.pdf' is a real address in an example", EXAMPLE_FIX),
      (18, "sources", "'https://www.comune.milano.it/s' is a real address in an example", EXAMPLE_FIX),
      (6, "opens", "is after the deadline", "check both dates: the call must open before it closes")],
     {"status": "published", "title": "T", "summary": "S",
      "contact": "scrivi a info@comune.milano.it o https://www.example.org/ok",
      "opens": datetime(2027, 4, 1, tzinfo=ROME_ZONE), "apply_url": "https://www.comune.milano.it/a",
      "results_url": "https://www.comune.milano.it/r", "slug": "key", "tags": [], "example": True,
      "documents": [{"title": "Bando", "file": "https://www.comune.milano.it/b.pdf"},
                    {"title": "Ok", "file": "https://example.org/b.pdf"}],
      "sources": [{"title": "T", "publisher": "P", "url": "https://example.org/s", "line": 17},
                  {"title": "T", "publisher": "P", "url": "https://www.comune.milano.it/s", "line": 18}]}),
    ("cases", CASE + "example: true\nwebsite: https://acme.it/\n",
     [(7, "website", "'https://acme.it/' is a real address in an example", EXAMPLE_FIX)],
     dict(CASE_VALUES, website="https://acme.it/", example=True)),
    ("cases", CASE + "example: false\nwebsite: https://acme.it/\n", [],
     dict(CASE_VALUES, website="https://acme.it/", example=False)),
    ("news", "title: T\nsummary: ''\n",
     [(3, "summary", "is required and missing", "add a line 'summary: ...' to the front matter"),
      (1, "date", "is required and missing", "add a line 'date: ...' to the front matter")],
     {"status": "published", "title": "T", "slug": "key", "tags": []}),
    ("news", NEWS + "status: bozza\n",
     [(5, "status", "'bozza' is not a status", "write 'status: draft' or remove the line to publish")], NEWS_VALUES),
    ("news", NEWS + "summay: 1\n",
     [(5, "summay", "is not a field of this section", "did you mean 'summary'?")], NEWS_VALUES),
    # An empty value is no value: nothing checked, nothing kept.
    ("cases", CASE + "sector: ''\nmunicipio: ''\nimage: ''\n", [], CASE_VALUES),
    ("opportunities", OPPORTUNITY + "audience: ''\namount: ''\ndocuments: ''\nsources: ''\n", [], OPPORTUNITY_VALUES),
    ("news", NEWS + "image: 2027/a.jpg\nimage_alt: Una stampante\n", [],
     dict(NEWS_VALUES, image="2027/a.jpg", image_alt="Una stampante")),
    ("news", NEWS + "image: 2027/a.jpg\nimage_alt: ''\n",
     [(5, "image_alt", "is required when 'image' is set",
       "describe the picture for people who cannot see it: 'image_alt: ...'")], dict(NEWS_VALUES, image="2027/a.jpg")),
    ("opportunities", OPPORTUNITY + "amount: {min: 1, max: 2, total: 3}\n", [],
     dict(OPPORTUNITY_VALUES, amount={"min": 1, "max": 2, "total": 3})),
    ("opportunities", OPPORTUNITY + "amount: {min: 0, cap: 0.5}\n",
     [(7, "amount", "'{'min': 0, 'cap': 0.5}' is not an amount in euro", AMOUNT_FIX)], OPPORTUNITY_VALUES),
    ("news", NEWS + "example: true\nsources:\n  - title: T\n    publisher: P\n    url: https://www.comune.milano.it/s\n",
     [(9, "sources", "'https://www.comune.milano.it/s' is a real address in an example", EXAMPLE_FIX)],
     dict(NEWS_VALUES, example=True, sources=[{"title": "T", "publisher": "P",
                                               "url": "https://www.comune.milano.it/s", "line": 7}])),
])
def test_every_refusal_of_the_front_matter_in_full(section, text, errors, values):
    found, refused = validate(section, text)
    assert refused == [SiteError(PATH, *error) for error in errors]
    assert {name: value for name, value in found.items() if name not in ("date", "deadline")} == values


def test_dates_are_instants_in_rome_and_an_opening_on_the_deadline_day_is_accepted():
    values, errors = validate("opportunities", NEWS + "deadline: 2027-03-31\nopens: 2027-03-31\nmodified: 2027-01-16\n"
                              "apply_url: https://example.org/apply\n")
    assert errors == []
    assert [values[name] for name in ("date", "modified", "opens", "deadline")] == [
        datetime(2027, 1, 15, tzinfo=ROME_ZONE), datetime(2027, 1, 16, tzinfo=ROME_ZONE), datetime(2027, 3, 31, tzinfo=ROME_ZONE),
        datetime(2027, 3, 31, 23, 59, 59, tzinfo=ROME_ZONE)]


def test_a_code_list_missing_from_codes_yaml_accepts_no_code():
    located = load_located("title: T\nsummary: S\ndate: 2027-01-15\ncompany: Acme\nsector: design\n", first_line=2)
    values, errors = validate_front_matter("content/x.md", located, SourceName("cases", "key", "it"),
                                           {"audience": ["startup"]})
    assert errors == [SiteError("content/x.md", 6, "sector", "unknown code 'design'", "use one of:  (data/codes.yaml)")]


def test_a_file_that_is_not_markdown_is_named_by_its_real_suffix():
    assert parse_source_name("news/a.it.txt", LANGS) == (None, [SiteError(
        "content/news/a.it.txt", None, None, "unknown language 'txt' in the file name",
        "use 'it' or 'en': rename it to a.it.it.md or a.it.en.md")])
