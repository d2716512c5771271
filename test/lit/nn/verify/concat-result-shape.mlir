// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// The result is the inputs joined along the axis.

func.func @main(%i0: tensor<2x3xf32>, %i1: tensor<2x5xf32>) -> tensor<2x7xf32> {
  %y = nn.concat %i0, %i1 {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x5xf32>) -> tensor<2x7xf32>
  func.return %y : tensor<2x7xf32>
}

// CHECK: {{.*}}/verify/concat-result-shape.mlir:6:3: error: 'nn.concat' op result %y has shape [2, 7], expected [2, 8] (the inputs joined along axis 1)
