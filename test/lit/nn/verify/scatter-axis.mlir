// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// The axis must exist.

func.func @main(%d: tensor<4x3xf32>, %i: tensor<2x3xi64>, %u: tensor<2x3xf32>) -> tensor<4x3xf32> {
  %y = nn.scatter %d, %i, %u {axis = -1 : i64} : (tensor<4x3xf32>, tensor<2x3xi64>, tensor<2x3xf32>) -> tensor<4x3xf32>
  func.return %y : tensor<4x3xf32>
}

// CHECK: {{.*}}/verify/scatter-axis.mlir:6:3: error: 'nn.scatter' op axis = -1 is out of range for rank 2, expected 0 <= axis < 2
