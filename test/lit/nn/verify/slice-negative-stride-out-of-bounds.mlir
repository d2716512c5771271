// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// Walking backwards from offset 2 with step -2 leaves the input after 2 elements.

func.func @main(%x: tensor<8x4xf32>) -> tensor<3x4xf32> {
  %y = nn.slice %x {offsets = array<i64: 2, 0>, strides = array<i64: -2, 1>} : (tensor<8x4xf32>) -> tensor<3x4xf32>
  func.return %y : tensor<3x4xf32>
}

// CHECK: {{.*}}/verify/slice-negative-stride-out-of-bounds.mlir:6:3: error: 'nn.slice' op axis 0: offset 2, step -2 and 3 elements select indices 2..-2, but input %x has 8 elements on that axis (valid indices 0..7)
