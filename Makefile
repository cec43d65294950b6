# Two commands for a newcomer: `make serve` (read the site at http://127.0.0.1:8000) and `make test`.
# Only Python 3.11 and make are assumed; everything else is installed into .venv on first use.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1
PIP := $(BIN)/python -m pip install --disable-pip-version-check --quiet

.PHONY: serve test build validate new stale clean chromium

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Installs come from the lock files (every package, transitive ones too, pinned with its hashes).
$(VENV)/.site-deps: requirements.lock | $(BIN)/python
	$(PIP) --require-hashes -r requirements.lock
	touch $@

$(VENV)/.test-deps: requirements.lock requirements-dev.lock | $(BIN)/python
	$(PIP) --require-hashes -r requirements-dev.lock
	touch $@ $(VENV)/.site-deps

## lock: after changing requirements.txt or requirements-dev.txt, write requirements.lock and requirements-dev.lock
## (exact versions and hashes of every package; existing pins are kept, UPGRADE=1 moves every package to its newest)
.PHONY: lock
LOCK_VENV ?= .venv-lock
PIP_TOOLS := pip-tools==7.6.2
PIP_COMPILE = $(LOCK_VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-find-links $(if $(UPGRADE),--upgrade)
lock:
	test -x $(LOCK_VENV)/bin/pip-compile || { $(PYTHON) -m venv $(LOCK_VENV) && \
		$(LOCK_VENV)/bin/python -m pip install --disable-pip-version-check --quiet $(PIP_TOOLS); }
	$(PIP_COMPILE) --output-file requirements.lock requirements.txt
	$(PIP_COMPILE) --output-file requirements-dev.lock requirements-dev.txt

## serve: build the site and serve it with live reload at http://127.0.0.1:8000
# --dirty keeps the site folder between saves; scripts/serve_hooks.py still builds every page and removes
# what a clean build would not write, so the site is the same as a clean build's.
serve: $(VENV)/.site-deps
	$(BIN)/mkdocs serve --dirty --dev-addr 127.0.0.1:8000

## validate: check every case-study file (or FILE=path/to/record.yml; FORMAT=github for Actions annotations)
validate: $(VENV)/.site-deps
	$(BIN)/python scripts/validate.py $(if $(FORMAT),--format $(FORMAT)) $(FILE)

## new: start a case study from the template: make new NAME="Organisation name" (optional: SLUG=file-name)
new: $(VENV)/.site-deps
	$(BIN)/python scripts/new_case_study.py --via-make "$(NAME)" $(if $(SLUG),--slug "$(SLUG)")

## stale: list case studies last reviewed more than 12 months ago, and guidance pages and facts not checked for 6
stale: $(VENV)/.site-deps
	$(BIN)/python scripts/stale.py

## build: write the site to site/ (the old site stays if the build fails)
build: $(VENV)/.site-deps
	$(BIN)/python scripts/validate.py
	$(BIN)/python scripts/build.py

# Browser tests use Debian's chromium. Installed here when we are root (as in CI); otherwise one line says how.
chromium:
	@sh scripts/need-debian-package.sh chromium chromium "The browser tests"

# The HTML check runs the Nu HTML Checker (npm package vnu-jar, pinned in package-lock.json) with Debian's Java.
# --ignore-scripts: the package's install script would download a Java runtime; we use the system's.
node_modules/.installed: package.json package-lock.json | npm
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

.PHONY: java npm
npm:
	@sh scripts/need-debian-package.sh npm npm "The HTML check's installer"

java:
	@sh scripts/need-debian-package.sh java default-jre-headless "The HTML check"

## test: validate the data, run a strict build and every test (browser tests included), on every core
## (WORKERS=1 runs them one at a time)
WORKERS ?= auto
test: $(VENV)/.test-deps chromium java node_modules/.installed
	$(BIN)/zizmor --offline --quiet .github/workflows/
	$(BIN)/python scripts/validate.py
	$(BIN)/python scripts/build.py --site-dir build/site
	$(BIN)/python -m pytest -n $(WORKERS)

## mutation: plant small bugs in the data model with mutmut and print the score per module (slow; MODULES=render,related)
.PHONY: mutation
MODULES ?=
mutation: $(VENV)/.test-deps
	nice $(BIN)/python scripts/mutation.py $(if $(MODULES),--modules $(MODULES))

clean:
	rm -rf site build .pytest_cache .cache node_modules $(LOCK_VENV)

## published-urls: build the site, then add its new URLs to data/published-urls.txt (never removes any)
published-urls: build
	$(BIN)/python scripts/published_urls.py --site-dir site

## lighthouse: build into build/site, then print Lighthouse scores per page type (not part of make test)
.PHONY: lighthouse
lighthouse: $(VENV)/.site-deps node_modules/.installed chromium
	$(BIN)/python scripts/build.py --site-dir build/site
	$(BIN)/python scripts/lighthouse.py --site-dir build/site

## benchmark: build the site with 100, 1,000 and 3,000 synthetic case studies and print a table (SIZES=100,1000)
.PHONY: benchmark
SIZES ?= 100,1000,3000
REPEAT ?= 3
benchmark: $(VENV)/.site-deps
	$(BIN)/python scripts/benchmark.py --sizes $(SIZES) --repeat $(REPEAT)

## coverage: print what the case-study library covers (by nation, region, sector, kind of body...) and its gaps
.PHONY: coverage
coverage: $(VENV)/.site-deps
	@$(BIN)/python scripts/coverage.py
