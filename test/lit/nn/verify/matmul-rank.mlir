// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// Operands have rank >= 1.

func.func @main(%a: tensor<f32>, %b: tensor<4x5xf32>) -> tensor<5xf32> {
  %y = nn.matmul %a, %b : (tensor<f32>, tensor<4x5xf32>) -> tensor<5xf32>
  func.return %y : tensor<5xf32>
}

// CHECK: {{.*}}/verify/matmul-rank.mlir:6:3: error: 'nn.matmul' op lhs %a has rank 0, expected rank >= 1
