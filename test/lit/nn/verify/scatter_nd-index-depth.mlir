// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// The last indices axis addresses at most rank(data) axes.

func.func @main(%d: tensor<4x3xf32>, %i: tensor<2x3xi64>, %u: tensor<2xf32>) -> tensor<4x3xf32> {
  %y = nn.scatter_nd %d, %i, %u : (tensor<4x3xf32>, tensor<2x3xi64>, tensor<2xf32>) -> tensor<4x3xf32>
  func.return %y : tensor<4x3xf32>
}

// CHECK: {{.*}}/verify/scatter_nd-index-depth.mlir:6:3: error: 'nn.scatter_nd' op indices %i has shape [2, 3]: last dimension 3 addresses 3 axes, expected 1..2 (the rank of data)
