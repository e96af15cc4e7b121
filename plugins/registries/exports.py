"""Open-data files of the registries: JSON, CSV (semicolon-separated,
UTF-8, as the City's open-data portal publishes) and GeoJSON."""

from __future__ import annotations

import csv
import io
import json

from .records import csv_columns, csv_row

FORMATS = {"json": "application/json", "csv": "text/csv", "geojson": "application/geo+json"}


def to_json(records) -> str:
    # Numbers are checked finite on loading; allow_nan=False keeps invalid JSON out regardless.
    return json.dumps(records, ensure_ascii=False, allow_nan=False) + "\n"


def to_csv(records, schema, languages) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=csv_columns(schema, languages), delimiter=";",
                            lineterminator="\r\n", extrasaction="ignore")
    writer.writeheader()
    for record in records:
        writer.writerow(csv_row(record, languages))
    return buffer.getvalue()


def to_geojson(records) -> str:
    features = [
        {
            "type": "Feature",
            "id": record["id"],
            "geometry": {"type": "Point", "coordinates": [record["lon"], record["lat"]]},
            "properties": {key: value for key, value in record.items() if key not in ("lat", "lon")},
        }
        for record in records
    ]
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False,
                      allow_nan=False) + "\n"


def export_files(name, records, schema, languages, geographic):
    """{file name: text} for one registry."""
    files = {f"{name}.json": to_json(records), f"{name}.csv": to_csv(records, schema, languages)}
    if geographic:
        files[f"{name}.geojson"] = to_geojson(records)
    return files
