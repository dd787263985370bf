# The two commands of the README: `make run` (set up, index the bundled corpus, start the assistant)
# and `make test` (set up, run the whole test suite).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export HF_HUB_OFFLINE := 1
export GRADIO_ANALYTICS_ENABLED := False
export ANONYMIZED_TELEMETRY := False

.PHONY: setup index run test browser system eval bench

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

# Debian packages for scanned PDFs: Tesseract OCR with its Vietnamese data, poppler's pdftoppm to render pages,
# and a font with Vietnamese letters for the tests' own PDFs. Run once as root; without them a scan is named and
# skipped (the rest of the build goes on) and the OCR test checks that message instead.
system:
	@command -v tesseract >/dev/null && command -v pdftoppm >/dev/null && tesseract --list-langs 2>/dev/null | grep -qx vie \
		&& [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] \
		|| (apt-get update -q && apt-get install -y -q --no-install-recommends tesseract-ocr tesseract-ocr-vie \
			poppler-utils fonts-dejavu-core)

# Debian's Chromium for the browser test (Playwright drives it; `playwright install` cannot download here).
browser:
	@command -v chromium >/dev/null || (apt-get update -q && apt-get install -y -q chromium)

eval: index
	$(BIN)/python eval/run.py

bench: setup
	$(BIN)/python eval/bench.py --n 100
