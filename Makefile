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

# the whole test suite (what CI runs)
test: install
	$(BIN)/python -m pytest -q
