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
	$(BIN)/seckg analyze --graph $(OUT)/graph.ttl --basis via-forum --top 5 \
		--plot $(OUT)/network.png --view $(OUT)/network.html
	$(BIN)/seckg export --graph $(OUT)/graph.ttl --format gexf --out $(OUT)/cooperation.gexf
	@CHROMIUM=$$(command -v chromium || command -v chromium-browser); if [ -n "$$CHROMIUM" ]; then \
		"$$CHROMIUM" --headless --no-sandbox --disable-gpu --window-size=1400,900 \
		--virtual-time-budget=5000 --screenshot=$(OUT)/network-view.png \
		file://$(abspath $(OUT))/network.html 2>/dev/null && echo "screenshot of the view: $(OUT)/network-view.png"; fi
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
