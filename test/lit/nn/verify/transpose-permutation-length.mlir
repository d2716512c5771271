// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// The permutation has one entry per axis.

func.func @main(%x: tensor<2x3x4xf32>) -> tensor<3x2x4xf32> {
  %y = nn.transpose %x {permutation = array<i64: 1, 0>} : (tensor<2x3x4xf32>) -> tensor<3x2x4xf32>
  func.return %y : tensor<3x2x4xf32>
}

// CHECK: {{.*}}/verify/transpose-permutation-length.mlir:6:3: error: 'nn.transpose' op permutation [1, 0] is not a permutation of 0..2 (input %x has rank 3)
