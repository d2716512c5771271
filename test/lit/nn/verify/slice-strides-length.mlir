// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// One stride per axis.

func.func @main(%x: tensor<4x4xf32>) -> tensor<2x2xf32> {
  %y = nn.slice %x {offsets = array<i64: 0, 0>, strides = array<i64: 1, 1, 1>} : (tensor<4x4xf32>) -> tensor<2x2xf32>
  func.return %y : tensor<2x2xf32>
}

// CHECK: {{.*}}/verify/slice-strides-length.mlir:6:3: error: 'nn.slice' op strides = [1, 1, 1] has 3 entries, expected 2 (one per axis)
