// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// matmul is on floats.

func.func @main(%a: tensor<3x4xi32>, %b: tensor<4x5xi32>) -> tensor<3x5xi32> {
  %y = nn.matmul %a, %b : (tensor<3x4xi32>, tensor<4x5xi32>) -> tensor<3x5xi32>
  func.return %y : tensor<3x5xi32>
}

// CHECK: {{.*}}/verify/matmul-float.mlir:6:3: error: 'nn.matmul' op lhs %a has element type i32, expected a float type (f16, bf16, f32 or f64)
