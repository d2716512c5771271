// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// A stride of 0 is rejected.

func.func @main(%x: tensor<4x4xf32>) -> tensor<2x2xf32> {
  %y = nn.slice %x {offsets = array<i64: 0, 0>, strides = array<i64: 1, 0>} : (tensor<4x4xf32>) -> tensor<2x2xf32>
  func.return %y : tensor<2x2xf32>
}

// CHECK: {{.*}}/verify/slice-zero-stride.mlir:6:3: error: 'nn.slice' op strides[1] is 0, expected a non-zero step
