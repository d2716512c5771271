// RUN: nnpipe-opt %s -p 'h-split{tiles=3},lower-to-hw' | filecheck %s
// RUN: nnpipe-opt %s -p 'h-split{tiles=3},lower-to-hw' | nnpipe-run - --seed 2 --outputs %t.hw.npz
// RUN: nnpipe-run %s --seed 2 --compare %t.hw.npz --tolerance 1e-6

// A 3x3 conv_add with padding 1 and relu over 3 tiles of 3, 3 and 2 rows: each
// tile's DMA reads its halo rows, and the edge tiles' DMA adds the pad row the
// pipe.tile carried (mlir-air's pad_before / pad_after). The add applies the relu.

func.func @halo(%x: tensor<1x8x4x2xf32>, %w: tensor<4x3x3x2xf32>, %z: tensor<1x8x4x4xf32>, %b: tensor<4xf32>) -> tensor<1x8x4x4xf32> {
  %y = nn.conv_add %x, %w, %z, %b {padding = array<i64: 1, 1, 1, 1>, activation = #nn.activation<relu>} : (tensor<1x8x4x2xf32>, tensor<4x3x3x2xf32>, tensor<1x8x4x4xf32>, tensor<4xf32>) -> tensor<1x8x4x4xf32>
  func.return %y : tensor<1x8x4x4xf32>
}

// CHECK:      %y = hw.kernel "nn.conv_add" tiles 3 local 393216 align 16 (%input = %x, %weight = %w, %addend = %z, %bias = %b) -> (%output) : (tensor<1x8x4x2xf32>, tensor<4x3x3x2xf32>, tensor<1x8x4x4xf32>, tensor<4xf32>) -> (tensor<1x8x4x4xf32>) {
// CHECK-NEXT:   %in0 = hw.alloc offset 0 : memref<1x5x4x2xf32, "local">
// CHECK-NEXT:   %in0_1 = hw.alloc offset 0 : memref<1x4x4x2xf32, "local">
// CHECK-NEXT:   %in1 = hw.alloc offset 160 : memref<1x5x4x2xf32, "local">
// CHECK-NEXT:   %w0 = hw.alloc offset 320 : memref<4x3x3x2xf32, "local">
// CHECK-NEXT:   %bias0 = hw.alloc offset 608 : memref<4xf32, "local">
// CHECK-NEXT:   %acc0 = hw.alloc offset 624 : memref<1x3x4x4xf32, "local">
// CHECK-NEXT:   %acc0_1 = hw.alloc offset 624 : memref<1x2x4x4xf32, "local">
// CHECK-NEXT:   %acc1 = hw.alloc offset 816 : memref<1x3x4x4xf32, "local">
// CHECK-NEXT:   %z0 = hw.alloc offset 1008 : memref<1x3x4x4xf32, "local">
// CHECK-NEXT:   %z0_1 = hw.alloc offset 1008 : memref<1x2x4x4xf32, "local">
// CHECK-NEXT:   %z1 = hw.alloc offset 1200 : memref<1x3x4x4xf32, "local">
// CHECK-NEXT:   %out0 = hw.alloc offset 1392 : memref<1x3x4x4xf32, "local">
// CHECK-NEXT:   %out0_1 = hw.alloc offset 1392 : memref<1x2x4x4xf32, "local">
// CHECK-NEXT:   %out1 = hw.alloc offset 1584 : memref<1x3x4x4xf32, "local">
// CHECK-NEXT:   hw.dma_load %input[0, 0, 0, 0] pad [1, 0] -> %in0 : memref<1x8x4x2xf32> -> memref<1x5x4x2xf32, "local">
// CHECK-NEXT:   hw.dma_load %weight[0, 0, 0, 0] -> %w0 : memref<4x3x3x2xf32> -> memref<4x3x3x2xf32, "local">
// CHECK-NEXT:   hw.dma_load %bias[0] -> %bias0 : memref<4xf32> -> memref<4xf32, "local">
// CHECK-NEXT:   hw.barrier
// CHECK-NEXT:   hw.dma_load %addend[0, 0, 0, 0] -> %z0 : memref<1x8x4x4xf32> -> memref<1x3x4x4xf32, "local">
// CHECK-NEXT:   hw.dma_load %input[0, 2, 0, 0] -> %in1 : memref<1x8x4x2xf32> -> memref<1x5x4x2xf32, "local">
// CHECK-NEXT:   hw.conv %in0, %w0, %bias0 -> %acc0 {padding = array<i64: 0, 0, 1, 1>} : memref<1x5x4x2xf32, "local">, memref<4x3x3x2xf32, "local">, memref<4xf32, "local"> -> memref<1x3x4x4xf32, "local">
// CHECK-NEXT:   hw.barrier
// CHECK-NEXT:   hw.dma_load %addend[0, 3, 0, 0] -> %z1 : memref<1x8x4x4xf32> -> memref<1x3x4x4xf32, "local">
// CHECK-NEXT:   hw.dma_load %input[0, 5, 0, 0] pad [0, 1] -> %in0_1 : memref<1x8x4x2xf32> -> memref<1x4x4x2xf32, "local">
// CHECK-NEXT:   hw.conv %in1, %w0, %bias0 -> %acc1 {padding = array<i64: 0, 0, 1, 1>} : memref<1x5x4x2xf32, "local">, memref<4x3x3x2xf32, "local">, memref<4xf32, "local"> -> memref<1x3x4x4xf32, "local">
// CHECK-NEXT:   hw.add %acc0, %z0 -> %out0 {activation = #nn.activation<relu>} : memref<1x3x4x4xf32, "local">, memref<1x3x4x4xf32, "local"> -> memref<1x3x4x4xf32, "local">
// CHECK-NEXT:   hw.barrier
// CHECK-NEXT:   hw.dma_load %addend[0, 6, 0, 0] -> %z0_1 : memref<1x8x4x4xf32> -> memref<1x2x4x4xf32, "local">
// CHECK-NEXT:   hw.dma_store %out0 -> %output[0, 0, 0, 0] : memref<1x3x4x4xf32, "local"> -> memref<1x8x4x4xf32>
// CHECK-NEXT:   hw.conv %in0_1, %w0, %bias0 -> %acc0_1 {padding = array<i64: 0, 0, 1, 1>} : memref<1x4x4x2xf32, "local">, memref<4x3x3x2xf32, "local">, memref<4xf32, "local"> -> memref<1x2x4x4xf32, "local">
// CHECK-NEXT:   hw.add %acc1, %z1 -> %out1 {activation = #nn.activation<relu>} : memref<1x3x4x4xf32, "local">, memref<1x3x4x4xf32, "local"> -> memref<1x3x4x4xf32, "local">
// CHECK-NEXT:   hw.barrier
// CHECK-NEXT:   hw.dma_store %out1 -> %output[0, 3, 0, 0] : memref<1x3x4x4xf32, "local"> -> memref<1x8x4x4xf32>
// CHECK-NEXT:   hw.add %acc0_1, %z0_1 -> %out0_1 {activation = #nn.activation<relu>} : memref<1x2x4x4xf32, "local">, memref<1x2x4x4xf32, "local"> -> memref<1x2x4x4xf32, "local">
// CHECK-NEXT:   hw.barrier
// CHECK-NEXT:   hw.dma_store %out0_1 -> %output[0, 6, 0, 0] : memref<1x2x4x4xf32, "local"> -> memref<1x8x4x4xf32>
// CHECK-NEXT:   hw.end
// CHECK-NEXT: }
