# The two commands of the README. Both create ./.venv on first use and install geokb into it.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: demo test install benchmark

$(BIN)/geokb: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/geokb

# ingest our example articles into the default store and print Chad's timeline
demo: install
	$(BIN)/geokb ingest examples/
	$(BIN)/geokb query timeline --param country=TCD

# the whole test suite (what CI runs); it starts oxigraph serve, Virtuoso and headless Chromium for
# real, so it first installs the Debian packages it needs where they are missing
test: install
	scripts/system-packages
	$(BIN)/python -m pytest -q

# the benchmarks (not part of the tests): a table on stdout and benchmarks/report.json; about two
# minutes. SIZE=full runs the 100,000-event KB and the 50,000-article memory run (about 25 minutes)
# and writes benchmarks/report-full.json.
SIZE ?= quick
benchmark: install
	$(BIN)/python -m benchmarks --size $(SIZE) --report benchmarks/report$(if $(filter full,$(SIZE)),-full).json
