// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// updates have the indices' shape.

func.func @main(%d: tensor<4x3xf32>, %i: tensor<2x3xi64>, %u: tensor<3x2xf32>) -> tensor<4x3xf32> {
  %y = nn.scatter %d, %i, %u {axis = 0 : i64} : (tensor<4x3xf32>, tensor<2x3xi64>, tensor<3x2xf32>) -> tensor<4x3xf32>
  func.return %y : tensor<4x3xf32>
}

// CHECK: {{.*}}/verify/scatter-updates-shape.mlir:6:3: error: 'nn.scatter' op updates %u has shape [3, 2], expected [2, 3] (the shape of indices)
