// RUN: nnpipe-opt %s -p lower-to-hw --target %S/Inputs/small.toml | filecheck %s
// RUN: nnpipe-opt %s -p lower-to-hw --target %S/Inputs/small.toml | nnpipe-run - --target %S/Inputs/small.toml --seed 5 --outputs %t.hw.npz
// RUN: nnpipe-run %s --seed 5 --compare %t.hw.npz --tolerance 1e-6

// A grouped conv (4 groups of 8 channels) too large for 8 KiB with all its channels
// is cut between groups: each block reads only its groups' input channels and is a
// grouped conv over those groups (ShuffleNet's depthwise convs need this).

func.func @grouped(%x: tensor<1x8x8x32xf32>, %w: tensor<32x3x3x8xf32>) -> tensor<1x8x8x32xf32> {
  %y = nn.conv2d %x, %w {padding = array<i64: 1, 1, 1, 1>, groups = 4 : i64} : (tensor<1x8x8x32xf32>, tensor<32x3x3x8xf32>) -> tensor<1x8x8x32xf32>
  func.return %y : tensor<1x8x8x32xf32>
}

// CHECK: hw.kernel "nn.conv2d" tiles 4 local 8192 align 16
// CHECK: hw.dma_load %input[0, 0, 0, 0] pad [1, 0] -> %in0 : memref<1x8x8x32xf32> -> memref<1x4x8x8xf32, "local">
// CHECK: hw.dma_load %weight[0, 0, 0, 0] -> %w0 : memref<32x3x3x8xf32> -> memref<8x3x3x8xf32, "local">
// CHECK: hw.conv %in0, %w0 -> %out0 {padding = array<i64: 0, 0, 1, 1>} : memref<1x4x8x8xf32, "local">, memref<8x3x3x8xf32, "local"> -> memref<1x2x8x8xf32, "local">
// CHECK: hw.dma_load %input[0, 0, 0, 8] pad [1, 0] -> %in{{[01]}} : memref<1x8x8x32xf32> -> memref<1x4x8x8xf32, "local">
// CHECK: hw.dma_load %weight[8, 0, 0, 0] -> %w1
// CHECK: hw.dma_store %out{{[01]}} -> %output[0, 0, 0, 8]
