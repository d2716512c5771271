// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// concat keeps the element type.

func.func @main(%i0: tensor<2x3xf32>) -> tensor<2x3xf16> {
  %y = nn.concat %i0 {axis = 0 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf16>
  func.return %y : tensor<2x3xf16>
}

// CHECK: {{.*}}/verify/concat-result-element.mlir:6:3: error: 'nn.concat' op result %y has element type f16, expected f32 (the element type of the first input)
