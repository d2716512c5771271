// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// Pooling is over NHWC, rank 4.

func.func @main(%x: tensor<8x8x4xf32>) -> tensor<1x6x6x4xf32> {
  %y = nn.max_pool %x {kernel = array<i64: 3, 3>} : (tensor<8x8x4xf32>) -> tensor<1x6x6x4xf32>
  func.return %y : tensor<1x6x6x4xf32>
}

// CHECK: {{.*}}/verify/max_pool-input-rank.mlir:6:3: error: 'nn.max_pool' op input %x has rank 3 (shape [8, 8, 4]), expected rank 4 (NHWC)
