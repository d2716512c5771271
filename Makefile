# Two set-up-and-go targets: `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
EXAMPLE := examples/residual.mlir

.PHONY: demo test install install-test lit unit bench trace-picture clean

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
	@echo "== hw: lower-to-hw puts every op on an engine, DMA the third one, double buffered (target ethos-u65-256)"
	$(BIN)/nnpipe-opt out/residual.pipe.mlir -p lower-to-hw --pass-statistics -o out/residual.hw.mlir
	@grep -E '= hw[.]kernel|^      hw[.](barrier|end)|host' out/residual.hw.mlir | sed -E 's/ [(].*//' | uniq -c
	@echo "== run every level on the same inputs and compare; the cycles on ethos-u65-256 at each level"
	$(BIN)/nnpipe-run $(EXAMPLE) --seed 0 --outputs out/residual.ref.npz --report-json out/residual.report.json
	$(BIN)/nnpipe-run out/residual.opt.mlir --seed 0 --compare out/residual.ref.npz --report-json out/residual.opt.report.json
	$(BIN)/nnpipe-run out/residual.pipe.mlir --seed 0 --compare out/residual.ref.npz --report-json out/residual.pipe.report.json
	$(BIN)/nnpipe-run out/residual.hw.mlir --seed 0 --compare out/residual.ref.npz --report-json out/residual.hw.report.json --report --trace out/residual.trace.json
	@$(BIN)/python -c "import json; [print(f'   {l:5} level: {json.load(open(f))[\"total_cycles\"]:>7,} cycles') for l, f in (('nn', 'out/residual.opt.report.json'), ('pipe', 'out/residual.pipe.report.json'), ('hw', 'out/residual.hw.report.json'))]"
	@echo "wrote out/residual.{opt,pipe,hw}.mlir, out/*.report.json and out/residual.trace.json (open it in https://ui.perfetto.dev)"

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
	$(BIN)/python bench/tiles.py
	$(BIN)/python bench/resnet50_hw.py
	$(BIN)/python bench/chains.py

# The README's trace picture: the demo's trace drawn with matplotlib (bench extra).
trace-picture: demo
	$(BIN)/python -m pip install -q -e '.[bench]'
	$(BIN)/python bench/trace_picture.py out/residual.trace.json -o docs/img/seed-trace.png --title "examples/residual.mlir on ethos-u65-256: nn-optimize, h-split{tiles=4}, lower-to-hw"

clean:
	rm -rf $(VENV) out build *.egg-info
