// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// a and b share one element type.

func.func @main(%a: tensor<3x4xf32>, %b: tensor<4x5xf16>) -> tensor<3x5xf32> {
  %y = nn.gemm %a, %b : (tensor<3x4xf32>, tensor<4x5xf16>) -> tensor<3x5xf32>
  func.return %y : tensor<3x5xf32>
}

// CHECK: {{.*}}/verify/gemm-b-element.mlir:6:3: error: 'nn.gemm' op b %b has element type f16, expected f32 (the element type of a)
