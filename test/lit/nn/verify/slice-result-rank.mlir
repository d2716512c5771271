// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// The result has the input's rank.

func.func @main(%x: tensor<4x4xf32>) -> tensor<4xf32> {
  %y = nn.slice %x {offsets = array<i64: 0, 0>, strides = array<i64: 1, 1>} : (tensor<4x4xf32>) -> tensor<4xf32>
  func.return %y : tensor<4xf32>
}

// CHECK: {{.*}}/verify/slice-result-rank.mlir:6:3: error: 'nn.slice' op result %y has rank 1, expected 2 (the rank of input %x)
