// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// Every input has the first input's element type.

func.func @main(%i0: tensor<2x3xf32>, %i1: tensor<2x3xf16>) -> tensor<2x6xf32> {
  %y = nn.concat %i0, %i1 {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x3xf16>) -> tensor<2x6xf32>
  func.return %y : tensor<2x6xf32>
}

// CHECK: {{.*}}/verify/concat-input-element.mlir:6:3: error: 'nn.concat' op input #1 %i1 has element type f16, expected f32 (the element type of the first input)
