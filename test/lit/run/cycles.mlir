// RUN: nnpipe-run %s --report | filecheck %s --check-prefix=NN
// RUN: nnpipe-opt %s -p 'h-split{tiles=4},lower-to-hw' -o %t.hw.mlir
// RUN: nnpipe-run %t.hw.mlir --trace %t.trace.json --report-json %t.report.json
// RUN: filecheck %s --check-prefix=TRACE < %t.trace.json
// RUN: filecheck %s --check-prefix=JSON < %t.report.json
// RUN: nnpipe-run %t.hw.mlir --target ethos-u55-128 --report | filecheck %s --check-prefix=U55
// RUN: not nnpipe-run %s --target nope 2>&1 | filecheck %s --check-prefix=UNKNOWN
// RUN: not nnpipe-run %s --target %S/Inputs/bad-target.toml 2>&1 | filecheck %s --check-prefix=BAD
// RUN: not nnpipe-opt %s -p lower-to-hw --target %S/Inputs/bad-target.toml 2>&1 | filecheck %s --check-prefix=BAD
// RUN: nnpipe-opt %s -p lower-to-hw --target %S/../lower-to-hw/Inputs/small.toml -o %t.small.mlir
// RUN: nnpipe-run %t.small.mlir --target %S/../lower-to-hw/Inputs/small.toml --report | filecheck %s --check-prefix=SMALL
// RUN: not nnpipe-run %t.hw.mlir --target %S/../lower-to-hw/Inputs/small.toml 2>&1 | filecheck %s --check-prefix=TOO-SMALL

// The cycle figures at the nn level (every op alone: total = serial) and at the hw
// level, the trace, the report keys, another target, and bad targets.

func.func @seed(%x: tensor<1x16x16x8xf32>, %w: tensor<16x1x1x8xf32>, %left: tensor<1x16x16x16xf32>) -> tensor<1x16x16x16xf32> {
  %y = nn.conv_add %x, %w, %left : (tensor<1x16x16x8xf32>, tensor<16x1x1x8xf32>, tensor<1x16x16x16xf32>) -> tensor<1x16x16x16xf32>
  func.return %y : tensor<1x16x16x16xf32>
}

// NN:      target ethos-u65-256
// NN-NEXT:   total cycles  [[TOTAL:[0-9,]+]]
// NN-NEXT:   serial cycles [[TOTAL]]  1.00x total

// TRACE: "traceEvents"
// TRACE-DAG: "name": "thread_name", "ph": "M", "pid": 1, "tid": 1, "args": {"name": "conv engine"}
// TRACE-DAG: "name": "thread_name", "ph": "M", "pid": 1, "tid": 2, "args": {"name": "add engine"}
// TRACE-DAG: "name": "thread_name", "ph": "M", "pid": 1, "tid": 3, "args": {"name": "dma engine"}
// TRACE-DAG: "name": "hw.conv", "cat": "conv", "ph": "X"
// TRACE-DAG: "name": "hw.dma_load", "cat": "dma", "ph": "X"

// JSON: "total_cycles": 9395,
// JSON: "serial_cycles": 12643,
// JSON: "lower_bound_cycles": 8963,
// JSON: "engines": {
// JSON: "mac_utilisation":
// JSON: "dma_bytes": 41472,
// JSON: "peak_local_bytes": 29184,
// JSON: "pipelines": [
// JSON: "origin": "nn.conv_add",
// JSON: "tiles": 4,

// U55: target ethos-u55-128

// UNKNOWN: nnpipe-run: error: --target: unknown target 'nope'; built in: ethos-u55-128, ethos-u65-256 (or give a .toml file)
// BAD: {{.*}}bad-target.toml: error: key 'clock_hz': expected a number > 0, got "fast"

// SMALL: target small
// SMALL: 1 pipelines/kernels:

// TOO-SMALL: {{.*}}.hw.mlir:3:5: error: 'hw.kernel' op the kernel was allocated for 393216 bytes of local memory aligned to 16; target 'small' has 8192 bytes aligned to 16 (lower it again with this --target)
