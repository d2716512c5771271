// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// updates are indices.shape[:-1] + data.shape[k:].

func.func @main(%d: tensor<4x3xf32>, %i: tensor<2x1xi64>, %u: tensor<2x4xf32>) -> tensor<4x3xf32> {
  %y = nn.scatter_nd %d, %i, %u {reduction = #nn.reduction<max>} : (tensor<4x3xf32>, tensor<2x1xi64>, tensor<2x4xf32>) -> tensor<4x3xf32>
  func.return %y : tensor<4x3xf32>
}

// CHECK: {{.*}}/verify/scatter_nd-updates-shape.mlir:6:3: error: 'nn.scatter_nd' op updates %u has shape [2, 4], expected [2, 3] (indices.shape[:-1] + data.shape[k:])
