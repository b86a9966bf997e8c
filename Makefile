# Every target sets itself up: a fresh clone needs only `make run` or `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SPEC   := programmes/imperial/mres-ai-ml/2025-26.yaml
OUT    := var/render

.PHONY: run test lint typecheck pytest bench clean system-packages ci-install lock

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

# CI installs the exact versions of requirements/ci.lock; `make lock` refreshes it
# from the venv the suite has just passed in. The second install keeps the locked
# versions (they satisfy the ranges) and adds only what the lock lacks.
ci-install:
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements/ci.lock
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

lock: $(STAMP)
	{ sed -n '/^#/p' requirements/ci.lock; $(BIN)/pip freeze --exclude-editable; } > requirements/ci.lock.new
	mv requirements/ci.lock.new requirements/ci.lock

# The production path on SQLite: gunicorn and WhiteNoise, debug off.
run: $(STAMP) system-packages
	$(BIN)/registrar spec validate $(SPEC)
	$(BIN)/registrar spec render $(SPEC) --format html -o $(OUT)/mres-ai-ml-2025-26.html
	$(BIN)/registrar spec render $(SPEC) --format pdf -o $(OUT)/mres-ai-ml-2025-26.pdf
	$(BIN)/registrar demo
	$(BIN)/registrar serve

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

system-packages:
	./scripts/ensure-system-packages

pytest: $(STAMP) system-packages
	$(BIN)/pytest -q

test: lint typecheck pytest

# The engine on 10k-1M students; then the web application's year-end work: the
# broadsheet for 1,000 students, and 50,000 marks uploaded on PostgreSQL against COPY.
BENCH_PG ?= postgres://postgres@127.0.0.1:5432/registrar_bench

bench: $(STAMP)
	$(BIN)/python -m bench.run
	$(BIN)/python -m bench.broadsheet
	./scripts/ensure-postgres
	DATABASE_URL=$(BENCH_PG) $(BIN)/python -m bench.marks_upload
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/registrar_load $(BIN)/python -m bench.load

clean:
	rm -rf $(VENV) var .mypy_cache .pytest_cache .ruff_cache
