// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// The result is a float tensor.

func.func @main(%a: tensor<3x4xf32>, %b: tensor<4x5xf32>) -> tensor<3x5xi64> {
  %y = nn.matmul %a, %b : (tensor<3x4xf32>, tensor<4x5xf32>) -> tensor<3x5xi64>
  func.return %y : tensor<3x5xi64>
}

// CHECK: {{.*}}/verify/matmul-result-float.mlir:6:3: error: 'nn.matmul' op result %y has element type i64, expected a float type (f16, bf16, f32 or f64)
