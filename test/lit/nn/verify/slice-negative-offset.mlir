// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// Offsets are absolute indices, not counted from the end.

func.func @main(%x: tensor<8xf32>) -> tensor<2xf32> {
  %y = nn.slice %x {offsets = array<i64: -2>, strides = array<i64: 1>} : (tensor<8xf32>) -> tensor<2xf32>
  func.return %y : tensor<2xf32>
}

// CHECK: {{.*}}/verify/slice-negative-offset.mlir:6:3: error: 'nn.slice' op axis 0: offset -2, step 1 and 2 elements select indices -2..-1, but input %x has 8 elements on that axis (valid indices 0..7)
