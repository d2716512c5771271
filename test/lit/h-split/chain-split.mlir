// RUN: nnpipe-opt %s -p 'h-split{tiles=auto chains=true}' --pass-statistics 2>&1 | filecheck %s --check-prefix=WHOLE
// RUN: nnpipe-opt %s -p 'h-split{tiles=auto chains=true}' --target %S/../lower-to-hw/Inputs/small.toml --pass-statistics 2>&1 | filecheck %s --check-prefix=SPLIT
// RUN: nnpipe-run %s --seed 2 --outputs %t.nn.npz
// RUN: nnpipe-opt %s -p 'h-split{tiles=auto chains=true},lower-to-hw' --target %S/../lower-to-hw/Inputs/small.toml -o %t.hw.mlir
// RUN: nnpipe-run %t.hw.mlir --target %S/../lower-to-hw/Inputs/small.toml --seed 2 --compare %t.nn.npz --tolerance 1e-5 | filecheck %s --check-prefix=CMP

// Six chained ops: conv -> relu, three times. On the default target (384 KiB) the
// whole chain is one group of one tile (every weight resident, no intermediate
// stored). With 8 KiB of local memory the six cannot be one group at any tile
// count (three weights of 2304 bytes each and the tiles of five intermediates): the
// cost model cuts the chain into two groups and a conv left alone, each fitting.

func.func @split(%x: tensor<1x16x8x8xf32>, %w0: tensor<8x3x3x8xf32>, %w1: tensor<8x3x3x8xf32>, %w2: tensor<8x3x3x8xf32>) -> tensor<1x16x8x8xf32> {
  %c0 = nn.conv2d %x, %w0 {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x16x8x8xf32>, tensor<8x3x3x8xf32>) -> tensor<1x16x8x8xf32>
  %r0 = nn.relu %c0 : tensor<1x16x8x8xf32>
  %c1 = nn.conv2d %r0, %w1 {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x16x8x8xf32>, tensor<8x3x3x8xf32>) -> tensor<1x16x8x8xf32>
  %r1 = nn.relu %c1 : tensor<1x16x8x8xf32>
  %c2 = nn.conv2d %r1, %w2 {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x16x8x8xf32>, tensor<8x3x3x8xf32>) -> tensor<1x16x8x8xf32>
  %r2 = nn.relu %c2 : tensor<1x16x8x8xf32>
  func.return %r2 : tensor<1x16x8x8xf32>
}

// WHOLE: %r2 = pipe.pipeline "chain" along h tiles 1 (%input = %x, %weight0 = %w0, %weight2 = %w1, %weight4 = %w2)
// WHOLE: (S) 1 chains-built
// WHOLE-NEXT: (S) 6 chain-members

// SPLIT: %r0 = pipe.pipeline "chain" along h tiles 4 (%input = %x, %weight0 = %w0)
// SPLIT: %c1 = nn.conv2d %r0, %w1 {padding = array<i64: 1, 1, 1, 1>}
// SPLIT-NEXT: %r2 = pipe.pipeline "chain" along h tiles 3 (%input = %c1, %weight1 = %w2)
// SPLIT: (S)  2 chains-built
// SPLIT-NEXT: (S)  5 chain-members

// CMP: result0: max relative error {{.*}} (tolerance 1e-05)
