"""/admin/ in built sites: always in preview builds (local backend), in
production builds only with a backend; never linked, indexed or listed; its
own CSP, the public pages' CSP unchanged."""

from __future__ import annotations

import subprocess
from html.parser import HTMLParser

import yaml

from assets import DEFAULT_CSP
from cms import config as core
from conftest import ROOT, FixtureSite, news

LOCAL = "http://127.0.0.1:8081/api/v1"
GITHUB = {"name": "github", "repo": "comune-di-milano/manifattura-milano", "branch": "main",
          "base_url": "https://cms-auth.example.org"}


def meta_csp(html):
    """The content of the page's <meta http-equiv="Content-Security-Policy">, or None (minified or not)."""
    found = []

    class Metas(HTMLParser):
        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "meta" and (attrs.get("http-equiv") or "").lower() == "content-security-policy":
                found.append(attrs["content"])

    Metas().feed(html)
    return found[0] if found else None


def small_site(base):
    site = FixtureSite(base)
    site.write("news/primo.it.md", news("primo", "it", "Primo", date="2026-01-15"))
    site.write("news/primo.en.md", news("primo", "en", "First", date="2026-01-15"))
    return site


def test_the_preview_build_has_admin_with_the_local_backend_its_own_csp_and_noindex(tmp_path):
    site = small_site(tmp_path)
    result = site.build_ok()
    admin = result.read("admin/index.html")
    assert '<meta name="robots" content="noindex, nofollow">' in admin
    assert meta_csp(admin) == core.admin_csp(None, LOCAL)
    config = yaml.safe_load(result.read("admin/config.yml"))
    assert config["local_backend"] == {"url": LOCAL} and "publish_mode" not in config
    assert [c["name"] for c in config["collections"]][:4] == ["news", "cases", "opportunities", "pages"]
    dist = ROOT / "node_modules/decap-cms/dist"
    assert (site.output / "admin/decap-cms.js").read_bytes() == (dist / "decap-cms.js").read_bytes()
    assert not list((site.output / "admin").glob("*.map"))

    public = [path for path in site.output.rglob("*") if path.is_file() and "admin" not in path.relative_to(site.output).parts]
    for path in public:
        text = path.read_bytes().decode("utf-8", errors="replace")
        assert "admin/" not in text, f"{path.relative_to(site.output)} names /admin/"
        if path.suffix == ".html" and meta_csp(text):
            assert meta_csp(text) == DEFAULT_CSP, path


def test_the_production_build_has_admin_only_with_a_backend_and_then_the_editorial_workflow(tmp_path):
    without = small_site(tmp_path / "without")
    without.build_ok(settings="publishconf.py")
    assert not (without.output / "admin").exists()

    with_backend = small_site(tmp_path / "with")
    result = with_backend.build_ok(settings="publishconf.py", extra={"CMS_BACKEND": GITHUB})
    config = yaml.safe_load(result.read("admin/config.yml"))
    assert config["backend"] == GITHUB and config["publish_mode"] == "editorial_workflow"
    assert "local_backend" not in config
    csp = meta_csp(result.read("admin/index.html"))
    assert "https://api.github.com" in csp and "127.0.0.1" not in csp
    assert "admin" not in result.read("sitemap.xml")
    # The hosting headers give /admin/ its own policy and never add the public one to it
    # (a host adds every matching rule's headers, and two policies are both enforced).
    rules = {}
    for block in result.read("_headers").strip().split("\n/"):
        path, *lines = block.lstrip("/").split("\n")
        rules["/" + path] = [line.strip() for line in lines]
    assert rules["/admin/*"] == [f"Content-Security-Policy: {csp}"]
    assert not any(line.startswith("Content-Security-Policy") for line in rules["/*"])
    assert f"Content-Security-Policy: {DEFAULT_CSP}" in rules["/it/*"]
    nginx = result.read("nginx-headers.conf")
    assert f'location ^~ /admin/ {{\n' in nginx and f'add_header Content-Security-Policy "{csp}" always;' in nginx


def test_invoke_cms_config_writes_the_configuration_the_build_writes(tmp_path):
    target = tmp_path / "config.yml"
    subprocess.run([str(ROOT / ".venv/bin/invoke"), "cms-config", "--path", str(target)], cwd=ROOT, check=True,
                   capture_output=True)
    config = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert config["i18n"]["locales"] == ["it", "en"]
    assert {c["name"] for c in config["collections"]} >= {"news", "pages", "registry_labs"}
