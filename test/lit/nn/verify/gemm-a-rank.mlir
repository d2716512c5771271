// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// a is a matrix.

func.func @main(%a: tensor<2x3x4xf32>, %b: tensor<4x5xf32>) -> tensor<3x5xf32> {
  %y = nn.gemm %a, %b : (tensor<2x3x4xf32>, tensor<4x5xf32>) -> tensor<3x5xf32>
  func.return %y : tensor<3x5xf32>
}

// CHECK: {{.*}}/verify/gemm-a-rank.mlir:6:3: error: 'nn.gemm' op a %a has rank 3 (shape [2, 3, 4]), expected rank 2 (matrix)
