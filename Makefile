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
	@echo "== nn: nn-optimize (canonicalize, fold-batchnorm, cast-hoist, fuse-conv-add)"
	$(BIN)/nnpipe-opt $(EXAMPLE) -p nn-optimize --pass-statistics -o out/residual.opt.mlir
	@grep -E '= nn[.][a-z_0-9]+ ' out/residual.opt.mlir | sed -E 's/ [{].*//; s/ : .*//'
	@echo "== pipe: h-split{tiles=4} turns the conv_add into a 4-tile software pipeline"
	$(BIN)/nnpipe-opt out/residual.opt.mlir -p 'h-split{tiles=4}' --pass-statistics -o out/residual.pipe.mlir
	@sed -n '/pipe.pipeline/,/^    }$$/p' out/residual.pipe.mlir
	@echo "== run the original, the optimized and the pipelined module on the same inputs, and compare"
	$(BIN)/nnpipe-run $(EXAMPLE) --seed 0 --outputs out/residual.ref.npz --report-json out/residual.report.json
	$(BIN)/nnpipe-run out/residual.opt.mlir --seed 0 --compare out/residual.ref.npz --report-json out/residual.opt.report.json
	$(BIN)/nnpipe-run out/residual.pipe.mlir --seed 0 --compare out/residual.ref.npz --report-json out/residual.pipe.report.json
	@echo "wrote out/residual.opt.mlir, out/residual.pipe.mlir and out/*.report.json"

lit: install-test
	$(BIN)/lit -sv test/lit

unit: install-test
	$(BIN)/python -m pytest -q

test: install-test
	$(BIN)/lit -sv test/lit
	$(BIN)/python -m pytest -q

bench: install-test
	$(BIN)/python bench/conv.py
	$(BIN)/python bench/import_resnet50.py

clean:
	rm -rf $(VENV) out build *.egg-info
