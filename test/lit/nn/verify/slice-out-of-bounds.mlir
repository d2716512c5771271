// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// The last selected index lies past the end.

func.func @main(%x: tensor<8x4xf32>) -> tensor<4x4xf32> {
  %y = nn.slice %x {offsets = array<i64: 2, 0>, strides = array<i64: 2, 1>} : (tensor<8x4xf32>) -> tensor<4x4xf32>
  func.return %y : tensor<4x4xf32>
}

// CHECK: {{.*}}/verify/slice-out-of-bounds.mlir:6:3: error: 'nn.slice' op axis 0: offset 2, step 2 and 4 elements select indices 2..8, but input %x has 8 elements on that axis (valid indices 0..7)
