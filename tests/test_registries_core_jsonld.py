"""The registries' schema.org JSON-LD (labs, events, datasets), checked on
plain dicts: which fields each node has, from which entry field, in which
language (the <script> element: tests/test_jsonld.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from registries import jsonld

PUBLIC_URL = "https://example.test"
CITY = {"@type": "GovernmentOrganization", "name": "Comune di Milano", "url": "https://www.comune.milano.it"}
LAB = {"id": "officina", "name": "Officina Uno", "address": "Via Prova 3", "lat": 45.5, "lon": 9.25,
       "url": {"it": "it/laboratori/officina/", "en": "en/labs/officina/"}}
EVENT = {"title": {"it": "Giornata aperta", "en": "Open day"}, "venue": "Cortile Nord",
         "start": datetime(2027, 3, 4, 10, 0, tzinfo=UTC), "url": "https://eventi.example.test/1"}


def test_a_lab_is_a_local_business_in_milan_at_its_page():
    assert jsonld.lab(LAB, "en", PUBLIC_URL) == {
        "@context": "https://schema.org",
        "@type": "LocalBusiness",
        "@id": "https://example.test/en/labs/officina/",
        "name": "Officina Uno",
        "address": {"@type": "PostalAddress", "streetAddress": "Via Prova 3", "addressLocality": "Milano",
                    "addressRegion": "MI", "addressCountry": "IT"},
        "geo": {"@type": "GeoCoordinates", "latitude": 45.5, "longitude": 9.25},
        "url": "https://example.test/en/labs/officina/",
    }


def test_a_lab_with_a_website_email_and_description_says_so_in_the_readers_language():
    entry = {**LAB, "website": "https://officina.example.test", "email": "ciao@officina.example.test",
             "description": {"it": "Stampa 3D", "en": "3D printing"}}
    data = jsonld.lab(entry, "it", PUBLIC_URL)
    assert data["@id"] == "https://example.test/it/laboratori/officina/"
    assert data["url"] == "https://officina.example.test"
    assert data["email"] == "ciao@officina.example.test"
    assert data["description"] == "Stampa 3D"
    assert jsonld.lab(entry, "en", PUBLIC_URL)["description"] == "3D printing"


def test_a_lab_description_without_english_falls_back_to_italian():
    entry = {**LAB, "description": {"it": "Solo italiano"}}
    assert jsonld.lab(entry, "en", PUBLIC_URL)["description"] == "Solo italiano"


def test_empty_optional_lab_fields_are_left_out():
    entry = {**LAB, "website": "", "email": "", "description": ""}
    data = jsonld.lab(entry, "it", PUBLIC_URL)
    assert "email" not in data and "description" not in data
    assert data["url"] == "https://example.test/it/laboratori/officina/"


def test_an_event_is_scheduled_offline_at_its_venue():
    assert jsonld.event(EVENT, None, "en", PUBLIC_URL) == {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": "Open day",
        "startDate": "2027-03-04T10:00:00+00:00",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "eventStatus": "https://schema.org/EventScheduled",
        "location": {"@type": "Place", "name": "Cortile Nord",
                     "address": {"@type": "PostalAddress", "streetAddress": "Cortile Nord",
                                 "addressLocality": "Milano", "addressCountry": "IT"}},
        "url": "https://eventi.example.test/1",
    }


def test_an_event_names_its_end_its_organising_lab_and_its_description():
    entry = {**EVENT, "end": datetime(2027, 3, 4, 18, 30, tzinfo=UTC),
             "description": {"it": "Porte aperte", "en": "Open doors"}}
    data = jsonld.event(entry, LAB, "it", PUBLIC_URL)
    assert data["name"] == "Giornata aperta"
    assert data["endDate"] == "2027-03-04T18:30:00+00:00"
    assert data["organizer"] == {"@type": "Organization", "name": "Officina Uno",
                                 "url": "https://example.test/it/laboratori/officina/"}
    assert data["description"] == "Porte aperte"


def test_an_event_without_end_lab_or_description_has_none_of_them():
    data = jsonld.event({**EVENT, "end": None, "description": ""}, None, "it", PUBLIC_URL)
    assert not {"endDate", "organizer", "description"} & set(data)


def test_a_dataset_is_free_cc_by_from_the_city_with_one_download_per_file():
    data = jsonld.dataset("labs", "Laboratori", "I laboratori del programma",
                          [("data/labs.csv", "text/csv"), ("data/labs.geojson", "application/geo+json")],
                          date(2027, 1, 2), "it/dati/", PUBLIC_URL, "it", CITY)
    assert data == {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": "Laboratori",
        "description": "I laboratori del programma",
        "url": "https://example.test/it/dati/",
        "inLanguage": "it",
        "license": "https://creativecommons.org/licenses/by/4.0/",
        "isAccessibleForFree": True,
        "dateModified": "2027-01-02",
        "creator": CITY,
        "publisher": CITY,
        "distribution": [
            {"@type": "DataDownload", "encodingFormat": "text/csv",
             "contentUrl": "https://example.test/data/labs.csv"},
            {"@type": "DataDownload", "encodingFormat": "application/geo+json",
             "contentUrl": "https://example.test/data/labs.geojson"},
        ],
    }


def test_an_event_description_is_in_the_readers_language():
    entry = {**EVENT, "description": {"it": "Porte aperte", "en": "Open doors"}}
    assert jsonld.event(entry, None, "en", PUBLIC_URL)["description"] == "Open doors"
