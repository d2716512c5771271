// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// lhs's last axis meets rhs's second to last.

func.func @main(%a: tensor<2x3x4xf32>, %b: tensor<2x3x5xf32>) -> tensor<2x3x5xf32> {
  %y = nn.matmul %a, %b : (tensor<2x3x4xf32>, tensor<2x3x5xf32>) -> tensor<2x3x5xf32>
  func.return %y : tensor<2x3x5xf32>
}

// CHECK: {{.*}}/verify/matmul-contraction.mlir:6:3: error: 'nn.matmul' op lhs %a [2, 3, 4] and rhs %b [2, 3, 5] disagree on the contracted dimension (4 vs 3)
