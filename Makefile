# One command each: `make demo` (set up, load the demo agency, show it) and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEMO_HOME := $(CURDIR)/.demo
DEMO_DATE ?= $(shell date +%F)

.PHONY: setup demo test test-sqlite test-postgres bench lint command-table i18n clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || \
	  { $(PYTHON) -m pip install --user --quiet virtualenv && $(PYTHON) -m virtualenv $(VENV); }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

setup: $(STAMP)

demo: $(STAMP)
	rm -rf $(DEMO_HOME)
	ACCT_HOME=$(DEMO_HOME) $(BIN)/acct demo --date $(DEMO_DATE)
	@echo
	@echo "Try more with: export ACCT_HOME=$(DEMO_HOME); . $(BIN)/activate; acct --help"
	@echo
	ACCT_HOME=$(DEMO_HOME) $(BIN)/acct today --date $(DEMO_DATE)

# The whole suite twice: on SQLite, then on a throwaway PostgreSQL cluster (skipped with a
# reason where PostgreSQL is not installed; in CI, CI=true turns a skip into a failure).
test: test-sqlite test-postgres

test-sqlite: $(STAMP)
	$(BIN)/python -m pytest -p no:cacheprovider

test-postgres: $(STAMP)
	ACCT_TEST_ENGINE=postgres $(BIN)/python -m pytest -p no:cacheprovider

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

# After changing a routed command's options or any command's one-line help.
command-table: $(STAMP)
	$(BIN)/python -m acctcli.cli.tablegen

# After adding or changing a message: the template, each catalog, the compiled catalogs.
i18n: $(STAMP)
	$(BIN)/python tools/catalog.py

lint: $(STAMP)
	$(BIN)/ruff check src tests tools
	$(BIN)/ruff format --check src tests tools
	$(BIN)/mypy src/acctcli

clean:
	rm -rf $(VENV) $(DEMO_HOME) .bench
