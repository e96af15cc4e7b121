"""The fixture site of the visitors' browser tests (tests/test_visitors_*.py):
labs (one with every visitor detail, two at the same spot), spaces, figures
with large numbers, a news item in both languages and one only in Italian,
calls in every state (open, closing soon, upcoming, closed; at the fixed
build instant, 1 February 2027). Built once per test session with the real
build; never the real content."""

from __future__ import annotations

import functools
import http.server
import socketserver
import threading

from conftest import FixtureSite, news

# The phone and desktop widths every visitors' browser test runs at (issue 15).
WIDTHS = [390, 1280]

LABS = """\
# yaml-language-server: $schema=./schemas/labs.schema.json
- id: officina-ticinese
  name: Officina Ticinese
  kind: fablab
  address: Via Vigevano 10, 20144 Milano
  municipio: 6
  lat: 45.4530
  lon: 9.1720
  services: [stampa-3d, taglio-laser, formazione]
  opening_hours: {it: "Da lunedì a venerdì, 9-18", en: "Monday to Friday, 9am to 6pm"}
  phone: "+39 02 1234 5678"
  email: info@officina.example.org
  website: https://officina.example.org/
  booking_url: https://officina.example.org/prenota
  accessible: true
  description: {it: Laboratorio di fabbricazione digitale., en: A digital fabrication lab.}
- id: makers-gemelli-uno
  name: Makers Gemelli Uno
  kind: makerspace
  address: Via Padova 100, 20132 Milano
  municipio: 2
  lat: 45.5000
  lon: 9.2300
  services: [elettronica]
- id: makers-gemelli-due
  name: Makers Gemelli Due
  kind: makerspace
  address: Via Padova 102, 20132 Milano
  municipio: 2
  lat: 45.5001
  lon: 9.2301
  services: [elettronica, coworking]
- id: hub-centro
  name: Hub Centro
  kind: hub
  address: Via Dante 2, 20121 Milano
  municipio: 1
  lat: 45.4660
  lon: 9.1860
- id: incubatore-sud
  name: Incubatore Sud
  kind: incubatore
  address: Via Ripamonti 88, 20141 Milano
  municipio: 5
  lat: 45.4396
  lon: 9.2027
  services: [coworking, consulenza]
"""
SPACES = """\
# yaml-language-server: $schema=./schemas/spaces.schema.json
- id: capannone-est
  name: {it: Capannone est, en: East shed}
  address: Via Est 4, Milano
  municipio: 3
  lat: 45.4800
  lon: 9.2400
  area_m2: 300
  status: disponibile
- id: ex-magazzino
  name: {it: Ex magazzino ovest, en: Former west warehouse}
  address: Via Ovest 5, Milano
  municipio: 7
  lat: 45.4600
  lon: 9.1200
  area_m2: 1250
  status: in-assegnazione
"""
INDICATORS = """\
# yaml-language-server: $schema=./schemas/indicators.schema.json
- id: imprese
  label: {it: Imprese manifatturiere a Milano, en: Manufacturing firms in Milan}
  value: 36000
  unit: count
  chart: imprese
  source: Camera di commercio
- id: artigiani
  label: {it: Imprese artigiane nella manifattura, en: Artisan firms in manufacturing}
  value: 13000
  unit: count
  chart: imprese
  source: Camera di commercio
- id: addetti
  label: {it: Addetti della manifattura, en: Jobs in manufacturing}
  value: 350000
  unit: count
  source: Istat
  source_url: https://example.org/istat
- id: fatturato
  label: {it: Quota del fatturato della città, en: Share of the city's turnover}
  value: 25
  unit: percent
  source: Istat
- id: startup
  label: {it: Posizione in Italia per startup manifatturiere, en: Rank in Italy for manufacturing startups}
  value: 1
  unit: rank
  source: Registro imprese
"""
CALL = """\
---
title: {title}
summary: Contributi per chi produce a Milano.
date: 2027-01-10
deadline: 2027-04-30
apply_url: https://example.org/bando
audience: [startup, pmi]
tags: [{tag}]
---
Testo del bando.
"""

# Calls in the other states (tests/test_visitors_cards.py): with the open
# call above, two calls share the "open" group and the upcoming and the
# closed call are each alone in theirs.
STATE_CALLS = {
    "bando-scadenza": ("Bando in scadenza", "Closing call", "deadline: 2027-02-05 12:00\n"
                       "amount: {total: 450000}\naudience: [artigiani]\n"),
    "bando-arrivo": ("Bando in arrivo", "Upcoming call", "opens: 2027-03-01\ndeadline: 2027-05-31\n"
                     "amount: {max: 450000}\naudience: [startup]\n"),
    "bando-chiuso": ("Bando chiuso", "Closed call", "deadline: 2027-01-15 12:00\n"
                     "amount: {min: 5000, max: 50000, total: 1000000}\naudience: [pmi]\n"),
}


def state_call(title, facts, tag):
    return (f"---\ntitle: {title}\nsummary: Un bando per chi produce a Milano.\ndate: 2026-12-10\n{facts}"
            f"apply_url: https://example.org/bando\ntags: [{tag}]\n---\nTesto del bando.\n")


def build(base):
    """Write and build the fixture site under ``base``; returns the BuildResult."""
    site = FixtureSite(base)
    site.write_data("labs.yaml", LABS)
    site.write_data("spaces.yaml", SPACES)
    site.write_data("indicators.yaml", INDICATORS)
    site.write("news/laboratori-aperti.it.md", news("laboratori-aperti", "it", "Laboratori aperti",
                                                    extra="tags: [laboratori]\n"))
    site.write("news/laboratori-aperti.en.md", news("laboratori-aperti", "en", "Open labs", extra="tags: [labs]\n"))
    site.write("news/solo-italiano.it.md", news("solo-italiano", "it", "Notizia solo in italiano",
                                                date="2027-01-20", extra="tags: [laboratori]\n"))
    site.write("news/english-only.en.md", news("english-only", "en", "English only story", date="2027-01-18",
                                               extra="tags: [labs]\n"))
    site.write("pages/programma.it.md", "---\ntitle: Il programma\nsummary: Il programma in breve.\n---\nTesto.\n")
    site.write("pages/programma.en.md",
               "---\ntitle: The programme\nslug: programme\nsummary: The programme in brief.\n---\nText.\n")
    site.write("opportunities/bando-impresa.it.md", CALL.format(title="Bando impresa", tag="impresa"))
    site.write("opportunities/bando-impresa.en.md", CALL.format(title="Business call", tag="business"))
    for key, (italian, english, facts) in STATE_CALLS.items():
        site.write(f"opportunities/{key}.it.md", state_call(italian, facts, "impresa"))
        site.write(f"opportunities/{key}.en.md", state_call(english, facts, "business"))
    return site.build_ok()


def serve(folder):
    """Serve ``folder`` on 127.0.0.1 in a thread; returns (base URL, server).
    Unknown paths answer with the site's own 404 page of their language, as
    the production server is configured to (docs/theme.md)."""

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def send_error(self, code, message=None, explain=None):
            if code != 404:
                return super().send_error(code, message, explain)
            lang = "en" if self.path.startswith("/en/") else "it"
            body = (folder / lang / "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    handler = functools.partial(Handler, directory=str(folder))
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}", server
