// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// b is a matrix.

func.func @main(%a: tensor<3x4xf32>, %b: tensor<4xf32>) -> tensor<3x5xf32> {
  %y = nn.gemm %a, %b : (tensor<3x4xf32>, tensor<4xf32>) -> tensor<3x5xf32>
  func.return %y : tensor<3x5xf32>
}

// CHECK: {{.*}}/verify/gemm-b-rank.mlir:6:3: error: 'nn.gemm' op b %b has rank 1 (shape [4]), expected rank 2 (matrix)
