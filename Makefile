# geomap: two commands do everything on a fresh machine (Python 3.11 + apt).
#   make demo   set up, then map the seed report into outputs/ (and compare it with the examples)
#   make test   set up (incl. Chromium and the offline map assets), then run the tests
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test setup browser lint bench clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "need $(PYTHON)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

setup: $(STAMP)

demo: setup
	$(BIN)/geomap run seeds -o outputs
	$(BIN)/geomap compare seeds examples/2020-09-28-armenia-road-held.txt -o outputs --label-a seed --label-b armenian-mod
	$(BIN)/geomap timeline seeds examples -o outputs

# Debian's Chromium for the map tests, and local copies of the CDN assets folium maps load.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; fi; }
	@command -v npm >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm; \
	  else sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm; fi; }
	test -d tests/browser/node_modules || npm ci --prefix tests/browser --no-audit --no-fund --ignore-scripts

test: setup browser
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check geomap tests benchmarks scripts
	$(BIN)/ruff format --check geomap tests benchmarks scripts
	$(BIN)/mypy

bench: setup
	$(BIN)/python benchmarks/geoparse.py
	$(BIN)/python benchmarks/compare.py

clean:
	rm -rf $(VENV) outputs .pytest_cache tests/browser/node_modules
