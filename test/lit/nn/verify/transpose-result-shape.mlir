// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// Result dim k is input dim permutation[k].

func.func @main(%x: tensor<2x3x4xf32>) -> tensor<2x4x3xf32> {
  %y = nn.transpose %x {permutation = array<i64: 1, 2, 0>} : (tensor<2x3x4xf32>) -> tensor<2x4x3xf32>
  func.return %y : tensor<2x4x3xf32>
}

// CHECK: {{.*}}/verify/transpose-result-shape.mlir:6:3: error: 'nn.transpose' op result %y has shape [2, 4, 3], expected [3, 4, 2] (input shape permuted)
