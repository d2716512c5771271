// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// The axis must exist.

func.func @main(%i0: tensor<2x3xf32>, %i1: tensor<2x3xf32>) -> tensor<2x6xf32> {
  %y = nn.concat %i0, %i1 {axis = 2 : i64} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x6xf32>
  func.return %y : tensor<2x6xf32>
}

// CHECK: {{.*}}/verify/concat-axis.mlir:6:3: error: 'nn.concat' op axis = 2 is out of range for rank 2, expected 0 <= axis < 2
