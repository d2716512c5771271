// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// Inputs agree outside the axis.

func.func @main(%i0: tensor<2x3xf32>, %i1: tensor<4x3xf32>) -> tensor<2x6xf32> {
  %y = nn.concat %i0, %i1 {axis = 1 : i64} : (tensor<2x3xf32>, tensor<4x3xf32>) -> tensor<2x6xf32>
  func.return %y : tensor<2x6xf32>
}

// CHECK: {{.*}}/verify/concat-input-shape.mlir:6:3: error: 'nn.concat' op input #1 %i1 has shape [4, 3], which differs from [2, 3] outside axis 1
