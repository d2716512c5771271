// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// Pad rows are added along H of NHWC: a hw.dma_load into a rank-2 buffer takes no pad.

func.func @relu(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %y = hw.kernel "nn.relu" tiles 1 local 1024 align 16 (%input = %x) -> (%output) : (tensor<4x8xf32>) -> (tensor<4x8xf32>) {
    %in = hw.alloc offset 0 : memref<4x8xf32, "local">
    %out = hw.alloc offset 128 : memref<4x8xf32, "local">
    hw.dma_load %input[0, 0] pad [1, 0] -> %in : memref<4x8xf32> -> memref<4x8xf32, "local">
    hw.barrier
    hw.relu %in -> %out : memref<4x8xf32, "local"> -> memref<4x8xf32, "local">
    hw.barrier
    hw.dma_store %out -> %output[0, 0] : memref<4x8xf32, "local"> -> memref<4x8xf32>
    hw.end
  }
  func.return %y : tensor<4x8xf32>
}

// CHECK: {{.*}}/verify/dma-load-pad-rank.mlir:9:5: error: 'hw.dma_load' op pad [1, 0] on a rank-2 buffer: pad rows are added along H of NHWC
