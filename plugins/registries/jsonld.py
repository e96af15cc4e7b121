"""schema.org JSON-LD for labs (LocalBusiness), events (Event) and the
open datasets (Dataset), as plain dicts (common.jsonld writes them into pages).
Their addresses start with the site model's ``public_url``: JSON-LD needs
absolute URLs, and SITEURL is empty in preview builds."""

from __future__ import annotations

from .translations import pick

CC_BY = "https://creativecommons.org/licenses/by/4.0/"


def _absolute(public_url, path):
    return f"{public_url}/{path}"


def lab(entry, lang, public_url):
    data = {
        "@context": "https://schema.org",
        "@type": "LocalBusiness",
        "@id": _absolute(public_url, entry["url"][lang]),
        "name": entry["name"],
        "address": {"@type": "PostalAddress", "streetAddress": entry["address"], "addressLocality": "Milano",
                    "addressRegion": "MI", "addressCountry": "IT"},
        "geo": {"@type": "GeoCoordinates", "latitude": entry["lat"], "longitude": entry["lon"]},
        "url": entry.get("website") or _absolute(public_url, entry["url"][lang]),
    }
    if entry.get("email"):
        data["email"] = entry["email"]
    if entry.get("description"):
        data["description"] = pick(entry["description"], lang).text
    return data


def event(entry, lab_entry, lang, public_url):
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": pick(entry["title"], lang).text,
        "startDate": entry["start"].isoformat(),
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "eventStatus": "https://schema.org/EventScheduled",
        "location": {"@type": "Place", "name": entry["venue"],
                     "address": {"@type": "PostalAddress", "streetAddress": entry["venue"],
                                 "addressLocality": "Milano", "addressCountry": "IT"}},
        "url": entry["url"],
    }
    if entry.get("end"):
        data["endDate"] = entry["end"].isoformat()
    if lab_entry:
        data["organizer"] = {"@type": "Organization", "name": lab_entry["name"],
                             "url": _absolute(public_url, lab_entry["url"][lang])}
    if entry.get("description"):
        data["description"] = pick(entry["description"], lang).text
    return data


def dataset(name, title, description, files, modified, page_url, public_url, lang, publisher):
    """``publisher``: common.jsonld.parent_organisation, creator and publisher of the data."""
    return {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": title,
        "description": description,
        "url": _absolute(public_url, page_url),
        "inLanguage": lang,
        "license": CC_BY,
        "isAccessibleForFree": True,
        "dateModified": modified.isoformat(),
        "creator": publisher,
        "publisher": publisher,
        "distribution": [
            {"@type": "DataDownload", "encodingFormat": media_type, "contentUrl": _absolute(public_url, path)}
            for path, media_type in files
        ],
    }
