// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// The permutation lists every axis once.

func.func @main(%x: tensor<2x3x4xf32>) -> tensor<2x3x4xf32> {
  %y = nn.transpose %x {permutation = array<i64: 0, 2, 2>} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  func.return %y : tensor<2x3x4xf32>
}

// CHECK: {{.*}}/verify/transpose-permutation.mlir:6:3: error: 'nn.transpose' op permutation [0, 2, 2] is not a permutation of 0..2 (input %x has rank 3)
