# The two commands of the README: `make demo` (the main job) and `make test` (the tests).
# Each creates its own virtualenv in .venv on first use.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
OUT ?= out

.PHONY: demo test lint venv clean

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

demo: venv
	$(BIN)/seckg build --out $(OUT)/graph.ttl
	$(BIN)/seckg validate --graph $(OUT)/graph.ttl --format html --report $(OUT)/validation.html
	$(BIN)/seckg query forums_addressing_threat --graph $(OUT)/graph.ttl
	@if [ -d ../shared/gold ]; then $(BIN)/seckg evaluate --graph $(OUT)/graph.ttl --gold ../shared/gold; fi
	@if [ -d ../shared/dev/docs ]; then \
		$(BIN)/seckg build ../shared/dev/docs --out $(OUT)/dev.ttl && \
		$(BIN)/seckg evaluate --graph $(OUT)/dev.ttl --gold ../shared/dev/gold; fi

test: venv
	$(BIN)/ruff check src tests
	$(BIN)/pytest -q

lint: venv
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .ruff_cache
