# The two commands of the README: `make run` (set up, index the bundled corpus, start the assistant)
# and `make test` (set up, run the whole test suite).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export HF_HUB_OFFLINE := 1
export GRADIO_ANALYTICS_ENABLED := False
export ANONYMIZED_TELEMETRY := False

.PHONY: setup index run test browser eval bench

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -c constraints.txt -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

index: setup
	$(BIN)/python -m assistant build

run: index
	$(BIN)/python app.py

test: setup
	$(BIN)/python -m pytest -q

# Debian's Chromium for the browser test (Playwright drives it; `playwright install` cannot download here).
browser:
	@command -v chromium >/dev/null || (apt-get update -q && apt-get install -y -q chromium)

eval: index
	$(BIN)/python eval/run.py

bench: setup
	$(BIN)/python eval/bench.py --n 100
