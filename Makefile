# csr-extract — every target creates/updates .venv from the repo's own files first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install extract review test lint typecheck schema docs readme golden samples screenshot bench evaluate dist clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

extract: install
	$(BIN)/csr-extract data/raw --out data/out

# the review pages of what `make extract` wrote: data/out/_review/index.html
review: extract
	$(BIN)/csr-extract review data/out

test: install
	$(BIN)/python -m pytest -q

lint: install
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/mypy

typecheck: lint

schema: install
	$(BIN)/python scripts/make_schema.py

docs: install
	$(BIN)/python scripts/make_docs.py

golden: install
	$(BIN)/python scripts/make_golden.py

readme: install
	$(BIN)/python scripts/make_readme.py

samples: install
	$(BIN)/python scripts/render_fixtures.py --samples

# the README's picture of a review page (needs Debian's chromium)
screenshot: install
	$(BIN)/python scripts/review_screenshot.py

bench: install
	$(BIN)/python benchmarks/bench_quantities.py
	$(BIN)/python benchmarks/bench_read.py --quick
	$(BIN)/python benchmarks/peer_specs.py
	$(BIN)/python benchmarks/sanity_text2016.py
	$(BIN)/python benchmarks/bench_batch.py --quick 60
	$(BIN)/python benchmarks/bench_company.py
	$(BIN)/python benchmarks/bench_review.py

evaluate: install
	$(BIN)/python ../shared/tools/evaluate.py all --verbose

# the wheel and sdist users install: built in an isolated env, checked by twine, and installed into a
# fresh venv (no dev extras) whose csr-extract must run
dist: install
	rm -rf dist
	$(BIN)/python -m build --outdir dist . >/dev/null
	$(BIN)/twine check --strict dist/*
	rm -rf build/wheel-venv
	$(PYTHON) -m venv build/wheel-venv
	build/wheel-venv/bin/python -m pip install --quiet dist/*.whl
	cd build && wheel-venv/bin/csr-extract kpis --format csv | head -2
	cd build && wheel-venv/bin/csr-extract ../data/raw/cgtc_2020_csr.txt -o - | head -1 | cut -c1-80

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
