// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// One offset per axis.

func.func @main(%x: tensor<4x4xf32>) -> tensor<2x2xf32> {
  %y = nn.slice %x {offsets = array<i64: 0>, strides = array<i64: 1, 1>} : (tensor<4x4xf32>) -> tensor<2x2xf32>
  func.return %y : tensor<2x2xf32>
}

// CHECK: {{.*}}/verify/slice-offsets-length.mlir:6:3: error: 'nn.slice' op offsets = [0] has 1 entry, expected 2 (one per axis)
