// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// The result is a float tensor.

func.func @main(%a: tensor<3x4xf16>, %b: tensor<4x5xf16>) -> tensor<3x5xi32> {
  %y = nn.gemm %a, %b : (tensor<3x4xf16>, tensor<4x5xf16>) -> tensor<3x5xi32>
  func.return %y : tensor<3x5xi32>
}

// CHECK: {{.*}}/verify/gemm-result-float.mlir:6:3: error: 'nn.gemm' op result %y has element type i32, expected a float type (f16, bf16, f32 or f64)
