# csr-extract — every target creates/updates .venv from the repo's own files first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install extract test lint typecheck schema golden samples readme bench evaluate clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

extract: install
	$(BIN)/csr-extract data/raw --out data/out

test: install
	$(BIN)/python -m pytest -q

lint: install
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/mypy

typecheck: lint

schema: install
	$(BIN)/python scripts/make_schema.py

golden: install
	$(BIN)/python scripts/make_golden.py

readme: install
	$(BIN)/python scripts/make_readme.py

samples: install
	$(BIN)/python scripts/render_fixtures.py --samples

bench: install
	$(BIN)/python benchmarks/bench_quantities.py
	$(BIN)/python benchmarks/bench_read.py --quick
	$(BIN)/python benchmarks/peer_specs.py
	$(BIN)/python benchmarks/sanity_text2016.py
	$(BIN)/python benchmarks/bench_batch.py --quick 60

evaluate: install
	$(BIN)/python ../shared/tools/evaluate.py all --verbose

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
