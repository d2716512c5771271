// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// ScatterND indices have rank >= 1.

func.func @main(%d: tensor<4x3xf32>, %i: tensor<i64>, %u: tensor<3xf32>) -> tensor<4x3xf32> {
  %y = nn.scatter_nd %d, %i, %u : (tensor<4x3xf32>, tensor<i64>, tensor<3xf32>) -> tensor<4x3xf32>
  func.return %y : tensor<4x3xf32>
}

// CHECK: {{.*}}/verify/scatter_nd-indices-rank.mlir:6:3: error: 'nn.scatter_nd' op indices %i has rank 0, expected rank >= 1 (its last axis holds the coordinates)
