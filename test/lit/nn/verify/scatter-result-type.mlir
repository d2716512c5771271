// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// The result has the data's type.

func.func @main(%d: tensor<4x3xf32>, %i: tensor<2x3xi64>, %u: tensor<2x3xf32>) -> tensor<4x4xf32> {
  %y = nn.scatter %d, %i, %u {axis = 0 : i64} : (tensor<4x3xf32>, tensor<2x3xi64>, tensor<2x3xf32>) -> tensor<4x4xf32>
  func.return %y : tensor<4x4xf32>
}

// CHECK: {{.*}}/verify/scatter-result-type.mlir:6:3: error: 'nn.scatter' op result %y has type tensor<4x4xf32>, expected tensor<4x3xf32> (the data type)
