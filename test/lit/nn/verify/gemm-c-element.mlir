// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// c has a's or the result's element type.

func.func @main(%a: tensor<3x4xf16>, %b: tensor<4x5xf16>, %c: tensor<5xbf16>) -> tensor<3x5xf32> {
  %y = nn.gemm %a, %b, %c : (tensor<3x4xf16>, tensor<4x5xf16>, tensor<5xbf16>) -> tensor<3x5xf32>
  func.return %y : tensor<3x5xf32>
}

// CHECK: {{.*}}/verify/gemm-c-element.mlir:6:3: error: 'nn.gemm' op c %c has element type bf16, expected f16 or f32 (the element type of a or of the result)
