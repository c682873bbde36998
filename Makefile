# geomap: two commands do everything on a fresh machine (Python 3.11 + apt).
#   make demo   set up, then map the seed report into outputs/ (and compare it with the examples)
#   make test   set up (incl. Chromium and the offline map assets), then run the tests
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test setup browser gdal postgres lint bench clean

$(STAMP): pyproject.toml requirements/spacy-model.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "need $(PYTHON)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	# the event grammar's spaCy pipeline, pinned by hash (spaCy itself is pinned in pyproject.toml)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements/spacy-model.txt
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

# Debian's GDAL command-line tools: the tests open geomap's GeoPackage and GeoJSON in ogrinfo / ogr2ogr.
gdal:
	@command -v ogrinfo >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gdal-bin; \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gdal-bin; fi; }

# Debian's PostgreSQL and the PostGIS extension for its version: the service's store tests start a throwaway cluster.
APT_GET = $$( [ "$$(id -u)" = 0 ] || echo sudo ) env DEBIAN_FRONTEND=noninteractive apt-get
postgres:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { $(APT_GET) update -qq && $(APT_GET) install -y -qq postgresql; }
	@v=$$(ls /usr/lib/postgresql | sort -n | tail -1); \
	  test -f /usr/share/postgresql/$$v/extension/postgis.control || { \
	    $(APT_GET) update -qq && $(APT_GET) install -y -qq postgresql-$$v-postgis-3 postgis; }

test: setup browser gdal postgres
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check geomap tests benchmarks tools scripts
	$(BIN)/ruff format --check geomap tests benchmarks tools scripts
	$(BIN)/mypy

bench: setup postgres
	$(BIN)/python benchmarks/geoparse.py
	$(BIN)/python benchmarks/scale_size.py
	$(BIN)/python benchmarks/compare.py
	$(BIN)/python benchmarks/scale.py
	$(BIN)/python benchmarks/service.py

clean:
	rm -rf $(VENV) outputs .pytest_cache tests/browser/node_modules
