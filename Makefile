# wardkg — the targets .ci/run calls. `make help` lists them.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: help install system-deps build test pytest lint format typecheck ci bench clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

install: $(STAMP)  ## create .venv and install wardkg with its test tools

system-deps:  ## install Java and Virtuoso with apt-get where possible (STRICT=1 fails if impossible)
	bash scripts/install-system-deps.sh

build: install  ## the main job: build data/ from data/sources, link SDGs, validate, export to dist/
	$(BIN)/wardkg build

lint: install  ## ruff lint + format check
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts

format: install  ## apply ruff formatting
	$(BIN)/ruff format src tests bench scripts

typecheck: install  ## mypy (strict) on src/wardkg
	$(BIN)/mypy

pytest: install  ## the test suite
	$(BIN)/pytest -q

test: install system-deps  ## everything CI runs: install, system deps, lint, types, tests (all run; fails if any failed)
	@status=0; $(MAKE) --no-print-directory lint || status=1; $(MAKE) --no-print-directory typecheck || status=1; \
	$(MAKE) --no-print-directory pytest || status=1; exit $$status

ci: test  ## alias used by .ci/run

clean:  ## remove caches and build output (not data/)
	rm -rf dist .wardkg-cache .pytest_cache .mypy_cache .ruff_cache

vocab: install  ## regenerate ontology/{sdg,wards,fiscal-years,policy-domains}.ttl from data/reference and wardkg.fiscal
	for s in sdg wards fiscal_years policy_domains; do $(BIN)/python scripts/gen_$$s.py || exit 1; done

bench: install  ## benchmark: real graph + 23 and 200 synthetic municipalities (FULL=1 adds 1,741) → bench/out/
	$(BIN)/pip install -q -e '.[bench]'
	bench/run $(if $(FULL),--full,)
