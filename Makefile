# Two entry points for a fresh machine with only Python and git:
#   make demo   set up, then validate, score and report the bundled example
#   make test   set up, then run the whole test suite
# and, not part of `make test`, `make test-lowest`: the suite on the lowest versions allowed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
LOWEST := .venv-lowest
OUT := out

.PHONY: demo test test-lowest lint install browser-deps browser-programs bench fuzz messages clean

# Every dependency comes from pyproject.toml: the package's own, the extra `test` (what the
# suite imports and runs) and the extra `dev` (the lint, type and contract gates). Installing
# ".[test,dev]" brings them; it runs again whenever pyproject.toml changes.
$(BIN)/.deps: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet ".[test,dev]"
	touch $@

# A real (non-editable) install, so the tests run against the package as a user gets it,
# with the batteries and templates inside it. Always from the current source.
install: $(BIN)/.deps
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation --force-reinstall .

demo: install
	cd examples && ../$(BIN)/revision validate
	cd examples && ../$(BIN)/revision score 2012-vastra-hisingen
	mkdir -p $(OUT)
	cd examples && ../$(BIN)/revision report 2012-vastra-hisingen --format md -o ../$(OUT)/report.md
	cd examples && ../$(BIN)/revision report 2012-vastra-hisingen --format html -o ../$(OUT)/report.html
	cd examples && ../$(BIN)/revision score 2025-ips-alvstaden
	@echo "Reports written to $(OUT)/report.md and $(OUT)/report.html"

# The gates (pyproject.toml configures each): ruff's rules and its formatting, the layers
# contract (import-linter: no upward imports, no cycles, typer and rich only in cli/, cache/
# without the domain) and mypy --strict with the pydantic plugin on revision_cli/.
lint: $(BIN)/.deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

test: install lint browser-deps
	$(BIN)/pytest

# What tests/test_browser_checks.py runs the HTML outputs through: Debian's chromium (driven by
# playwright-core, which never downloads a browser of its own), a Java runtime for the Nu HTML
# Checker, and the npm packages pinned in tests/browser/package-lock.json (axe-core,
# playwright-core, vnu-jar). apt runs only when a program is missing (as root, else through
# sudo); npm only when the lock file is newer than the last install. --ignore-scripts: vnu-jar's
# install script would download a Java of its own, which the JRE above makes needless.
BROWSER_DIR := tests/browser
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
browser-deps: browser-programs $(BROWSER_DIR)/node_modules/.installed

# Each program missing, with the Debian packages that bring it (the fonts: the reports' own
# font list ends in Liberation Sans, so pages and widths come out the same on every machine).
browser-programs:
	@packages=""; \
	command -v chromium >/dev/null || packages="$$packages chromium fonts-liberation fonts-dejavu-core"; \
	command -v java >/dev/null || packages="$$packages default-jre-headless"; \
	command -v npm >/dev/null || packages="$$packages nodejs npm"; \
	if [ -n "$$packages" ]; then \
		echo "browser-deps: apt-get install$$packages"; \
		$(SUDO) apt-get update && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $$packages; \
	fi

$(BROWSER_DIR)/node_modules/.installed: $(BROWSER_DIR)/package-lock.json | browser-programs
	cd $(BROWSER_DIR) && npm ci --ignore-scripts --no-audit --no-fund
	touch $@

# The whole suite against the lowest versions pyproject.toml allows for every direct
# dependency (uv's lowest-direct resolution; what they depend on in turn at its newest), in a
# virtual environment of its own that is made anew each time. The package is then installed
# from the current source as in `install`, built by the lowest hatchling allowed.
test-lowest: $(BIN)/.deps
	rm -rf $(LOWEST)
	$(PYTHON) -m venv $(LOWEST)
	$(BIN)/uv pip install --quiet --python $(LOWEST)/bin/python --resolution lowest-direct ".[test]"
	$(LOWEST)/bin/python -m pip install --quiet --no-deps --no-build-isolation --force-reinstall .
	$(LOWEST)/bin/python -m pip list --format freeze > $(LOWEST)/versions.txt
	$(LOWEST)/bin/pytest

# The long fuzz (tests/test_fuzz_repository.py): 10,000 mutated repositories per property,
# every property a hard assertion, on one core (taskset where there is one). A JSON line per
# case goes to $(OUT)/fuzz.jsonl; SECURITY.md reports a run's figures. Takes hours.
FUZZ_EXAMPLES ?= 10000
ONE_CORE := $(shell command -v taskset >/dev/null 2>&1 && echo taskset -c 0)
fuzz: install
	mkdir -p $(OUT)
	rm -f $(OUT)/fuzz.jsonl
	REVISION_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) REVISION_FUZZ_LOG=$(CURDIR)/$(OUT)/fuzz.jsonl \
		$(ONE_CORE) $(BIN)/pytest tests/test_fuzz_repository.py -q --runxfail -p no:randomly

# The performance benchmark (several minutes; writes its corpus under /tmp/revision-bench).
bench: install
	mkdir -p $(OUT)
	$(BIN)/python benchmarks/run.py --revision $(BIN)/revision --out /tmp/revision-bench --json $(OUT)/bench.json $(BENCH_ARGS)

# The message catalogues (revision_cli/locale/LANG/LC_MESSAGES/revision.po and .mo): extract
# every marked text from the code and the templates (babel.cfg), merge them into each
# language's .po (a new text arrives with an empty translation, for a person to write; one
# gone from the code is dropped), then compile the .mo files the tool reads. Commit all of
# them: a checkout and an editable install need no build step. tests/test_messages.py fails
# when a .mo is stale or a text is missing from sv.po. Needs Babel (the dev extra).
LOCALE := revision_cli/locale
POT := build/messages/revision.pot
messages:
	mkdir -p $(dir $(POT))
	$(BIN)/pybabel --quiet extract -F babel.cfg --no-location --sort-output --add-comments=TRANSLATORS: \
		--project=revision -o $(POT) .
	for lang in sv en; do \
		$(BIN)/pybabel --quiet update -D revision -i $(POT) -d $(LOCALE) -l $$lang \
			--init-missing --no-fuzzy-matching --ignore-obsolete --ignore-pot-creation-date --width=100 || exit 1; \
	done
	$(BIN)/pybabel --quiet compile -D revision -d $(LOCALE) --statistics

clean:
	rm -rf $(VENV) $(LOWEST) $(OUT) dist build $(BROWSER_DIR)/node_modules
