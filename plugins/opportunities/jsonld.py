"""schema.org GovernmentService for a call, as a plain dict (JSON-LD)."""

from __future__ import annotations

AREA = {"@type": "City", "name": "Milano", "sameAs": "https://www.wikidata.org/wiki/Q490"}


def government_service(*, title, summary, url, lang, apply_url, audience_labels, amount, opens, deadline, operator):
    """``operator``: common.jsonld.parent_organisation, which runs and funds the call;
    ``audience_labels``: the readers' words for each audience code;
    ``amount``: {min, max, total} or None; ``opens``/``deadline``: aware datetimes."""
    data = {
        "@context": "https://schema.org",
        "@type": "GovernmentService",
        "name": title,
        "description": summary,
        "url": url,
        "inLanguage": lang,
        "serviceType": "Bando",
        "serviceOperator": operator,
        "provider": operator,
        "areaServed": AREA,
        "availableChannel": {"@type": "ServiceChannel", "serviceUrl": apply_url,
                             "availableLanguage": lang},
        "hoursAvailable": {
            "@type": "OpeningHoursSpecification",
            "validThrough": deadline.isoformat(),
            **({"validFrom": opens.isoformat()} if opens else {}),
        },
    }
    if audience_labels:
        data["audience"] = [{"@type": "Audience", "audienceType": label} for label in audience_labels]
    grant = monetary_grant(amount, operator)
    if grant:
        data["funding"] = grant
    return data


def monetary_grant(amount, funder):
    if not amount:
        return None
    money = {"@type": "MonetaryAmount", "currency": "EUR"}
    if "min" in amount:
        money["minValue"] = amount["min"]
    if "max" in amount:
        money["maxValue"] = amount["max"]
    if "min" not in amount and "max" not in amount:
        money["value"] = amount["total"]
    return {"@type": "MonetaryGrant", "funder": funder, "amount": money}
