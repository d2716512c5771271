// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// The result is [n, 1, 1, c].

func.func @main(%x: tensor<2x8x8x4xf32>) -> tensor<2x4xf32> {
  %y = nn.global_avg_pool %x : (tensor<2x8x8x4xf32>) -> tensor<2x4xf32>
  func.return %y : tensor<2x4xf32>
}

// CHECK: {{.*}}/verify/global_avg_pool-result-shape.mlir:6:3: error: 'nn.global_avg_pool' op result %y has shape [2, 4], expected [2, 1, 1, 4] ([n, 1, 1, c])
