# Two set-up-and-go targets: `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
EXAMPLE := examples/residual.mlir

.PHONY: demo test install install-test lit unit bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

demo: install
	@mkdir -p out
	$(BIN)/nnpipe-opt $(EXAMPLE) -p canonicalize -o out/residual.opt.mlir
	$(BIN)/nnpipe-run out/residual.opt.mlir --seed 0 --report-json out/residual.report.json
	@echo "wrote out/residual.opt.mlir and out/residual.report.json"

lit: install-test
	$(BIN)/lit -sv test/lit

unit: install-test
	$(BIN)/python -m pytest -q

test: install-test
	$(BIN)/lit -sv test/lit
	$(BIN)/python -m pytest -q

bench: install-test
	$(BIN)/python bench/conv.py

clean:
	rm -rf $(VENV) out build *.egg-info
