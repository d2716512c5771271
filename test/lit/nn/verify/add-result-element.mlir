// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// The result has the operands' element type.

func.func @main(%a: tensor<4xf16>, %b: tensor<4xf16>) -> tensor<4xf32> {
  %y = nn.add %a, %b : (tensor<4xf16>, tensor<4xf16>) -> tensor<4xf32>
  func.return %y : tensor<4xf32>
}

// CHECK: {{.*}}/verify/add-result-element.mlir:6:3: error: 'nn.add' op result %y has element type f32, expected f16 (the element type of lhs)
