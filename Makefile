# Thin bootstrap: creates .venv and node_modules when missing, then hands
# over to the invoke tasks in tasks.py, where the real work lives (the build
# to common.sitebuild, which `invoke build` runs too).
PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed

.PHONY: build test serve system-packages

# The build itself without invoke before it (what `invoke build` runs, 0.15-0.3 s sooner), with
# sitebuild's defaults: pelicanconf.py, output/.
build: $(STAMP) $(NODE_STAMP)
	$(VENV)/bin/python plugins/common/sitebuild.py

test: $(STAMP) $(NODE_STAMP) system-packages
	$(VENV)/bin/invoke test

serve: $(STAMP) $(NODE_STAMP)
	$(VENV)/bin/invoke serve

$(STAMP): requirements.txt constraints.txt
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt -c constraints.txt
	touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The browser tests need Debian's Chromium (Playwright's own download does
# not work here); Java for the HTML checker is already on the machine.
system-packages:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	@command -v java >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; }
	@command -v rsync >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq rsync >/dev/null; }
	@command -v systemd-analyze >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq systemd >/dev/null; }
