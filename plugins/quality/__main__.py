"""``python -m quality [output] [--content content] [--data data] [--site-url URL]``.

Prints one report; exits 1 when there is an error to fix, 0 otherwise.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .report import format_report
from .run import check_site


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m quality", description=__doc__)
    parser.add_argument("output", nargs="?", default="output", help="the built site (default output/)")
    parser.add_argument("--content", help="content folder, for summaries and translations")
    parser.add_argument("--data", help="registries folder, for registry translations")
    parser.add_argument("--site-url", action="append", default=[], help="absolute URL(s) that count as this site")
    parser.add_argument("--no-html-validation", action="store_true", help="skip the Nu Html Checker")
    args = parser.parse_args(argv)
    output = Path(args.output)
    if not (output / "index.html").exists() and not any(output.glob("*/index.html")):
        print(f"{output} holds no built site: run 'invoke build' first", file=sys.stderr)
        return 2
    outcome = check_site(output, args.content, args.data, args.site_url, validate_html=not args.no_html_validation)
    print(format_report(outcome))
    return 0 if outcome.ok else 1


if __name__ == "__main__":
    sys.exit(main())
