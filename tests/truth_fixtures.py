"""A fixture site with real and example content, for the publication tests
(tests/test_truth_*.py). SOURCE_DATE_EPOCH is conftest's 2027-02-01 12:00 UTC."""

from __future__ import annotations

from conftest import FixtureSite

EXAMPLE_TITLE = "Notizia inventata zeta"
EXAMPLE_LAB = "Officina inventata zeta"
REAL_LAB = "Officina vera"

SOURCES = """
    # yaml-language-server: $schema=./schemas/sources.schema.json
    - id: linee-guida
      title: Manifattura Milano – Linee guida
      publisher: Comune di Milano, Direzione Economia Urbana e Lavoro
      year: 2017
    - id: boosting-milan
      title: Boosting Milan's sustainable growth through manufacturing 4.0
      publisher: College of Europe, European Centre for Government Transformation, Accenture
      year: 2017
    """

CONTACTS = """
    # yaml-language-server: $schema=./schemas/contacts.schema.json
    - id: economia-urbana-lavoro
      name: {it: Direzione Economia Urbana e Lavoro, en: Urban Economy and Labour Department}
      body: Comune di Milano
      source: linee-guida
      channels:
        - id: email
          kind: email
          value: ufficio@example.org
          example: true
        - id: indirizzo
          kind: address
          value: Via Vera 2, Milano
    """

LABS = f"""
    # yaml-language-server: $schema=./schemas/labs.schema.json
    - id: officina-vera
      name: {REAL_LAB}
      kind: fablab
      address: Via Ripamonti 1, 20141 Milano
      municipio: 5
      lat: 45.44
      lon: 9.20
      source: linee-guida
    - id: officina-zeta
      name: {EXAMPLE_LAB}
      kind: makerspace
      address: Via Esempio 3, 20100 Milano
      municipio: 3
      lat: 45.48
      lon: 9.22
      website: https://zeta.example.org
      example: true
    """

INDICATORS = """
    # yaml-language-server: $schema=./schemas/indicators.schema.json
    - id: quota-fatturato
      label: {it: Quota del fatturato della città, en: Share of the city's turnover}
      value: 25
      unit: percent
      year: 2017
      source: boosting-milan
    - id: figura-zeta
      label: {it: Cifra inventata zeta, en: Invented figure zeta}
      value: 40
      unit: percent
      source: Esempio
      example: true
    """


def news(title, date="2027-01-15", extra="", body="Testo."):
    return f"---\ntitle: {title}\nsummary: Sommario di {title}.\ndate: {date}\n{extra}---\n{body}\n"


def call(title, deadline, extra=""):
    return (f"---\ntitle: {title}\nsummary: Sommario di {title}.\ndate: 2026-12-01\ndeadline: {deadline}\n"
            f"apply_url: https://bandi.example.org/domanda\n{extra}---\nTesto.\n")


def truth_site(base, **extra_files) -> FixtureSite:
    site = FixtureSite(base)
    site.write_data("sources.yaml", SOURCES)
    site.write_data("contacts.yaml", CONTACTS)
    site.write_data("labs.yaml", LABS)
    site.write_data("indicators.yaml", INDICATORS)
    site.write_many({
        "pages/contacts.it.md": "---\ntitle: Contatti\nsummary: Come raggiungere il programma.\nslug: contatti\n---\nTesto.\n",
        "pages/contacts.en.md": "---\ntitle: Contacts\nsummary: How to reach the programme.\n---\nText.\n",
        "news/vera.it.md": news("Notizia vera", extra="tags: [fablab]\nsources: [linee-guida]\n"),
        "news/vera.en.md": news("True news", extra="tags: [fablab]\nsources:\n  - {title: La Città dei Makers, "
                                "publisher: Fondazione Make in Italy, year: 2016}\n"),
        "news/zeta.it.md": news(EXAMPLE_TITLE, date="2027-01-20",
                                extra="tags: [fablab]\nexample: true\n",
                                body="Vedi [il sito](https://www.example.org/zeta)."),
        "news/zeta.en.md": news("Invented news zeta", date="2027-01-20", extra="tags: [fablab]\nexample: true\n"),
        "opportunities/bando-zeta.it.md": call("Bando inventato zeta", "2027-06-30", "example: true\n"),
    })
    site.write_many(extra_files)
    return site
