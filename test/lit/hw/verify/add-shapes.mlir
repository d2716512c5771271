// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// The inputs and output of hw.add have one shape: %z0 holds 1 row, %acc0 and %out0 hold 2.

func.func @conv_add(%x: tensor<1x4x4x2xf32>, %w: tensor<4x1x1x2xf32>, %z: tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32> {
  %y = hw.kernel "nn.conv_add" tiles 2 local 393216 align 16 (%input = %x, %weight = %w, %addend = %z) -> (%output) : (tensor<1x4x4x2xf32>, tensor<4x1x1x2xf32>, tensor<1x4x4x4xf32>) -> (tensor<1x4x4x4xf32>) {
    %x0 = hw.alloc offset 0 : memref<1x2x4x2xf32, "local">
    %w0 = hw.alloc offset 128 : memref<4x1x1x2xf32, "local">
    %z0 = hw.alloc offset 160 : memref<1x1x4x4xf32, "local">
    %x1 = hw.alloc offset 64 : memref<1x2x4x2xf32, "local">
    %acc0 = hw.alloc offset 672 : memref<1x2x4x4xf32, "local">
    %z1 = hw.alloc offset 288 : memref<1x2x4x4xf32, "local">
    %acc1 = hw.alloc offset 800 : memref<1x2x4x4xf32, "local">
    %out0 = hw.alloc offset 416 : memref<1x2x4x4xf32, "local">
    %out1 = hw.alloc offset 544 : memref<1x2x4x4xf32, "local">
    hw.dma_load %input[0, 0, 0, 0] -> %x0 : memref<1x4x4x2xf32> -> memref<1x2x4x2xf32, "local">
    hw.dma_load %weight[0, 0, 0, 0] -> %w0 : memref<4x1x1x2xf32> -> memref<4x1x1x2xf32, "local">
    hw.barrier
    hw.dma_load %addend[0, 0, 0, 0] -> %z0 : memref<1x4x4x4xf32> -> memref<1x1x4x4xf32, "local">
    hw.dma_load %input[0, 2, 0, 0] -> %x1 : memref<1x4x4x2xf32> -> memref<1x2x4x2xf32, "local">
    hw.conv %x0, %w0 -> %acc0 {strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>} : memref<1x2x4x2xf32, "local">, memref<4x1x1x2xf32, "local"> -> memref<1x2x4x4xf32, "local">
    hw.barrier
    hw.dma_load %addend[0, 2, 0, 0] -> %z1 : memref<1x4x4x4xf32> -> memref<1x2x4x4xf32, "local">
    hw.conv %x1, %w0 -> %acc1 {strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>} : memref<1x2x4x2xf32, "local">, memref<4x1x1x2xf32, "local"> -> memref<1x2x4x4xf32, "local">
    hw.add %acc0, %z0 -> %out0 : memref<1x2x4x4xf32, "local">, memref<1x1x4x4xf32, "local"> -> memref<1x2x4x4xf32, "local">
    hw.barrier
    hw.dma_store %out0 -> %output[0, 0, 0, 0] : memref<1x2x4x4xf32, "local"> -> memref<1x4x4x4xf32>
    hw.add %acc1, %z1 -> %out1 : memref<1x2x4x4xf32, "local">, memref<1x2x4x4xf32, "local"> -> memref<1x2x4x4xf32, "local">
    hw.barrier
    hw.dma_store %out1 -> %output[0, 2, 0, 0] : memref<1x2x4x4xf32, "local"> -> memref<1x4x4x4xf32>
    hw.end
  }
  func.return %y : tensor<1x4x4x4xf32>
}

// CHECK: {{.*}}/verify/add-shapes.mlir:25:5: error: 'hw.add' op input 1 %z0 has shape [1, 1, 4, 4], expected the output's [1, 2, 4, 4] (elementwise) or one value per channel [1, 1, 1, 4]
