// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// global_avg_pool is over NHWC, rank 4.

func.func @main(%x: tensor<8x8x4xf32>) -> tensor<1x1x4xf32> {
  %y = nn.global_avg_pool %x : (tensor<8x8x4xf32>) -> tensor<1x1x4xf32>
  func.return %y : tensor<1x1x4xf32>
}

// CHECK: {{.*}}/verify/global_avg_pool-rank.mlir:6:3: error: 'nn.global_avg_pool' op input %x has rank 3 (shape [8, 8, 4]), expected rank 4 (NHWC)
