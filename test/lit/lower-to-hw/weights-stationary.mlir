// RUN: nnpipe-opt %s -p 'h-split{tiles=4},lower-to-hw' --target %S/Inputs/small.toml --pass-statistics 2>&1 | filecheck %s
// RUN: nnpipe-opt %s -p 'h-split{tiles=4},lower-to-hw' --target %S/Inputs/small.toml | nnpipe-run - --target %S/Inputs/small.toml --seed 4 --outputs %t.hw.npz
// RUN: nnpipe-run %s --seed 4 --compare %t.hw.npz --tolerance 1e-6

// 8 KiB cannot hold the 8 KiB of weights beside the tiles, so they stream in
// blocks of 16 output channels. Tile by tile, every tile would stream all four
// blocks again; block by block (weights stationary) streams each block once and
// loads the four small input tiles once per block. lower-to-hw costs both orders
// and keeps the faster: here, block by block.

func.func @ws(%x: tensor<1x4x4x32xf32>, %w: tensor<64x1x1x32xf32>, %z: tensor<1x4x4x64xf32>) -> tensor<1x4x4x64xf32> {
  %y = nn.conv_add %x, %w, %z : (tensor<1x4x4x32xf32>, tensor<64x1x1x32xf32>, tensor<1x4x4x64xf32>) -> tensor<1x4x4x64xf32>
  func.return %y : tensor<1x4x4x64xf32>
}

// CHECK: hw.dma_load %input[0, 0, 0, 0] -> %in0 : memref<1x4x4x32xf32> -> memref<1x1x4x32xf32, "local">
// CHECK: hw.dma_load %weight[0, 0, 0, 0] -> %w0 : memref<64x1x1x32xf32> -> memref<16x1x1x32xf32, "local">
// CHECK: hw.dma_load %input[0, 1, 0, 0] -> %in1 : memref<1x4x4x32xf32> -> memref<1x1x4x32xf32, "local">
// CHECK: hw.dma_load %input[0, 2, 0, 0] -> %in0 : memref<1x4x4x32xf32> -> memref<1x1x4x32xf32, "local">
// CHECK: hw.dma_load %input[0, 3, 0, 0] -> %in1 : memref<1x4x4x32xf32> -> memref<1x1x4x32xf32, "local">
// CHECK: hw.dma_load %input[0, 0, 0, 0] -> %in0 : memref<1x4x4x32xf32> -> memref<1x1x4x32xf32, "local">
// CHECK: hw.dma_load %weight[16, 0, 0, 0] -> %w1 : memref<64x1x1x32xf32> -> memref<16x1x1x32xf32, "local">
// CHECK: hw.dma_load %input[0, 1, 0, 0] -> %in1 : memref<1x4x4x32xf32> -> memref<1x1x4x32xf32, "local">
// CHECK: hw.dma_load %input[0, 2, 0, 0] -> %in0 : memref<1x4x4x32xf32> -> memref<1x1x4x32xf32, "local">
// CHECK: hw.dma_load %input[0, 3, 0, 0] -> %in1 : memref<1x4x4x32xf32> -> memref<1x1x4x32xf32, "local">
// CHECK: (S) 1 weights-streamed
// CHECK: (S) 1 channel-blocked
// CHECK: (S) 1 weights-stationary
