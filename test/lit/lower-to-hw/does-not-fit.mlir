// RUN: not nnpipe-opt %s -p 'h-split{tiles=1},lower-to-hw' --target %S/Inputs/small.toml 2>&1 | filecheck %s
// RUN: nnpipe-opt %s -p 'h-split{tiles=auto},lower-to-hw' --target %S/Inputs/small.toml --pass-statistics 2>&1 | filecheck %s --check-prefix=AUTO
// RUN: not nnpipe-opt %s -p 'lower-to-hw{target="%S/Inputs/tiny.toml"}' 2>&1 | filecheck %s --check-prefix=NEVER

// With 8 KiB of local memory, the seed conv_add's whole input (8 KiB) cannot be one
// tile, however the output channels are cut: one error at the op, naming the
// smallest tile count that fits. tiles=auto starts from there (and finds one-row
// tiles fastest: they need no channel blocks). With 1 KiB nothing
// fits even one row per tile.

func.func @seed(%x: tensor<1x16x16x8xf32>, %w: tensor<16x1x1x8xf32>, %left: tensor<1x16x16x16xf32>) -> tensor<1x16x16x16xf32> {
  %y = nn.conv_add %x, %w, %left : (tensor<1x16x16x8xf32>, tensor<16x1x1x8xf32>, tensor<1x16x16x16xf32>) -> tensor<1x16x16x16xf32>
  func.return %y : tensor<1x16x16x16xf32>
}

// CHECK: {{.*}}does-not-fit.mlir:11:1: error: 'pipe.pipeline' op %y: tiles of up to 16 output rows do not fit the 8192 bytes of local memory of target 'small', however the output channels are cut: the smallest tile count that fits is 4 (h-split{tiles=4}, or tiles=auto) (pass 'lower-to-hw')

// AUTO: hw.kernel "nn.conv_add" tiles 16 local 8192 align 16
// AUTO: (S) 16 tiles
// AUTO: (S) 0 channel-blocked

// NEVER: {{.*}}does-not-fit.mlir:12:3: error: 'nn.conv_add' op %y: does not fit the 1024 bytes of local memory of target 'tiny' at any tile count, even one output row per tile with its channels cut into blocks (pass 'lower-to-hw')
