// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// lhs and rhs share one element type.

func.func @main(%a: tensor<3x4xf32>, %b: tensor<4x5xbf16>) -> tensor<3x5xf32> {
  %y = nn.matmul %a, %b : (tensor<3x4xf32>, tensor<4x5xbf16>) -> tensor<3x5xf32>
  func.return %y : tensor<3x5xf32>
}

// CHECK: {{.*}}/verify/matmul-rhs-element.mlir:6:3: error: 'nn.matmul' op rhs %b has element type bf16, expected f32 (the element type of lhs)
