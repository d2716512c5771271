// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// Both operands share one element type.

func.func @main(%a: tensor<4xf32>, %b: tensor<4xf16>) -> tensor<4xf32> {
  %y = nn.add %a, %b : (tensor<4xf32>, tensor<4xf16>) -> tensor<4xf32>
  func.return %y : tensor<4xf32>
}

// CHECK: {{.*}}/verify/add-rhs-element.mlir:6:3: error: 'nn.add' op rhs %b has element type f16, expected f32 (the element type of lhs)
