// RUN: nnpipe-opt %s -p lower-to-hw --target %S/Inputs/small.toml --pass-statistics 2>&1 | filecheck %s
// RUN: nnpipe-opt %s -p lower-to-hw --target %S/Inputs/small.toml | nnpipe-run - --target %S/Inputs/small.toml --seed 1 --outputs %t.hw.npz
// RUN: nnpipe-run %s --seed 1 --compare %t.hw.npz --tolerance 1e-6

// A conv outside any pipeline is a one-engine pipeline: load job k+1 ∥ conv job k
// ∥ store job k-1, its tile count chosen by the cost model (as tiles=auto would).
// With 8 KiB of local memory the whole input fits (one tile, its DMA adds the pad
// rows) but not the weights beside the output: the output channels are cut into
// blocks of 2 whose weights and bias stream in while the previous block computes.

func.func @conv(%x: tensor<1x16x8x8xf32>, %w: tensor<16x3x3x8xf32>, %b: tensor<16xf32>) -> tensor<1x16x8x16xf32> {
  %y = nn.conv2d %x, %w, %b {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x16x8x8xf32>, tensor<16x3x3x8xf32>, tensor<16xf32>) -> tensor<1x16x8x16xf32>
  func.return %y : tensor<1x16x8x16xf32>
}

// CHECK:      %y = hw.kernel "nn.conv2d" tiles 1 local 8192 align 16 (%input = %x, %weight = %w, %bias = %b) -> (%output) : (tensor<1x16x8x8xf32>, tensor<16x3x3x8xf32>, tensor<16xf32>) -> (tensor<1x16x8x16xf32>) {
// CHECK-NEXT:   %in = hw.alloc offset 0 : memref<1x18x8x8xf32, "local">
// CHECK-NEXT:   %w0 = hw.alloc offset 4608 : memref<2x3x3x8xf32, "local">
// CHECK-NEXT:   %w1 = hw.alloc offset 5184 : memref<2x3x3x8xf32, "local">
// CHECK-NEXT:   %bias0 = hw.alloc offset 5760 : memref<2xf32, "local">
// CHECK-NEXT:   %bias1 = hw.alloc offset 5776 : memref<2xf32, "local">
// CHECK-NEXT:   %out0 = hw.alloc offset 5792 : memref<1x16x8x2xf32, "local">
// CHECK-NEXT:   %out1 = hw.alloc offset 6816 : memref<1x16x8x2xf32, "local">
// CHECK-NEXT:   hw.dma_load %input[0, 0, 0, 0] pad [1, 1] -> %in : memref<1x16x8x8xf32> -> memref<1x18x8x8xf32, "local">
// CHECK-NEXT:   hw.dma_load %weight[0, 0, 0, 0] -> %w0 : memref<16x3x3x8xf32> -> memref<2x3x3x8xf32, "local">
// CHECK-NEXT:   hw.dma_load %bias[0] -> %bias0 : memref<16xf32> -> memref<2xf32, "local">
// CHECK-NEXT:   hw.barrier
// CHECK-NEXT:   hw.dma_load %weight[2, 0, 0, 0] -> %w1 : memref<16x3x3x8xf32> -> memref<2x3x3x8xf32, "local">
// CHECK-NEXT:   hw.dma_load %bias[2] -> %bias1 : memref<16xf32> -> memref<2xf32, "local">
// CHECK-NEXT:   hw.conv %in, %w0, %bias0 -> %out0 {padding = array<i64: 0, 0, 1, 1>} : memref<1x18x8x8xf32, "local">, memref<2x3x3x8xf32, "local">, memref<2xf32, "local"> -> memref<1x16x8x2xf32, "local">
// CHECK-NEXT:   hw.barrier
// CHECK-NEXT:   hw.dma_load %weight[4, 0, 0, 0] -> %w0 : memref<16x3x3x8xf32> -> memref<2x3x3x8xf32, "local">
// CHECK-NEXT:   hw.dma_load %bias[4] -> %bias0 : memref<16xf32> -> memref<2xf32, "local">
// CHECK-NEXT:   hw.dma_store %out0 -> %output[0, 0, 0, 0] : memref<1x16x8x2xf32, "local"> -> memref<1x16x8x16xf32>
// CHECK-NEXT:   hw.conv %in, %w1, %bias1 -> %out1 {padding = array<i64: 0, 0, 1, 1>} : memref<1x18x8x8xf32, "local">, memref<2x3x3x8xf32, "local">, memref<2xf32, "local"> -> memref<1x16x8x2xf32, "local">
// CHECK-NEXT:   hw.barrier
// CHECK-NEXT:   hw.dma_load %weight[6, 0, 0, 0] -> %w1 : memref<16x3x3x8xf32> -> memref<2x3x3x8xf32, "local">
// CHECK:      lower-to-hw
// CHECK-NEXT:   (S) 1 kernels
// CHECK-NEXT:   (S) 0 from-pipelines
// CHECK-NEXT:   (S) 1 weights-streamed
// CHECK-NEXT:   (S) 1 channel-blocked
// CHECK-NEXT:   (S) 0 weights-stationary
// CHECK-NEXT:   (S) 0 host-ops
