"""Lighthouse 12.2.3 (npm) with Debian's Chromium, mobile profile, on the
real site's home, an article, the opportunities listing, the labs directory
and the search page (those that exist). Prints the four category scores.

Targets (issue 8): 100 for accessibility, best practices and SEO; at least
95 for performance. ``--keys`` is accepted for ``invoke bench`` and unused:
the pages measured are the real site's, built into a temporary folder.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from assets.page_kinds import scan_output  # noqa: E402
from conftest import CHROMIUM_ARGS, run_site_build, serve_folder  # noqa: E402

LIGHTHOUSE = ROOT / "node_modules/.bin/lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
ARTICLE_KINDS = ("news", "cases", "opportunities")


def pages_to_measure(output: Path, paths: dict, lang: str = "it") -> dict[str, str]:
    kinds = scan_output(output)
    chosen = {"home": kinds.get((lang, "home"))}
    chosen["article"] = next((kinds[(lang, kind)] for kind in ARTICLE_KINDS if (lang, kind) in kinds), None)
    listing = f"{lang}/{paths[lang]['opportunities']}/"
    chosen["opportunities listing"] = listing if (output / listing / "index.html").exists() else None
    chosen["labs directory"] = kinds.get((lang, "labs"))
    chosen["search"] = kinds.get((lang, "search"))
    return {name: url for name, url in chosen.items() if url}


def lighthouse(url: str) -> dict[str, int]:
    env = dict(os.environ, CHROME_PATH="/usr/bin/chromium")
    command = [
        str(LIGHTHOUSE), url, "--quiet", "--output=json", "--output-path=stdout", "--form-factor=mobile",
        f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={' '.join(CHROMIUM_ARGS)}",
    ]
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    if done.returncode:
        raise RuntimeError(done.stderr[-2000:])
    report = json.loads(done.stdout)
    scores = {name: round((report["categories"][name]["score"] or 0) * 100) for name in CATEGORIES}
    failing = [audit["id"] for audit in report["audits"].values()
               if audit.get("score") is not None and audit["score"] < 0.9 and audit.get("scoreDisplayMode") == "binary"]
    return scores | {"failing audits": failing}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--keys", type=int, default=0, help="unused (the real site is measured)")
    parser.add_argument("--site", help="an already built site folder (default: build the real site)")
    args = parser.parse_args(argv)
    import pelicanconf  # noqa: PLC0415

    with tempfile.TemporaryDirectory() as temp:
        output = Path(args.site) if args.site else Path(temp) / "output"
        output.mkdir(parents=True, exist_ok=True)
        base, server = serve_folder(output)
        try:
            if not args.site:
                # Absolute URLs on the local server: Lighthouse rejects relative hreflang links.
                built = run_site_build(ROOT / "content", output, extra={"SITEURL": base},
                                       env={"SOURCE_DATE_EPOCH": ""})
                if built.returncode:
                    print(built.stderr, file=sys.stderr)
                    return built.returncode
            print(f"{'page':24} " + " ".join(f"{name:>15}" for name in CATEGORIES))
            for name, url in pages_to_measure(output, pelicanconf.LOCALISED_PATHS).items():
                scores = lighthouse(f"{base}/{url}")
                line = " ".join(f"{scores[category]:>15}" for category in CATEGORIES)
                print(f"{name:24} {line}   /{url}", flush=True)
                if scores["failing audits"]:
                    print(f"{'':24} failing: {', '.join(scores['failing audits'])}")
        finally:
            server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
