// RUN: nnpipe-opt %s | filecheck %s
// RUN: nnpipe-opt %s --print-op-generic | nnpipe-opt - | filecheck %s
// RUN: nnpipe-opt %s --print-op-generic | filecheck %s --check-prefix=GENERIC

// Round trip of nn.slice: offsets and strides, including negative strides.

// Positive strides.
// CHECK-LABEL: func.func @forward
// CHECK-NEXT:    %y = nn.slice %x {offsets = array<i64: 0, 0, 1, 2>, strides = array<i64: 1, 2, 3, 1>} : (tensor<1x8x8x4xf32>) -> tensor<1x4x3x2xf32>
// CHECK-NEXT:    func.return %y
// GENERIC:       %y = "nn.slice"(%x) <{offsets = array<i64: 0, 0, 1, 2>, strides = array<i64: 1, 2, 3, 1>}> : (tensor<1x8x8x4xf32>) -> tensor<1x4x3x2xf32>
func.func @forward(%x: tensor<1x8x8x4xf32>) -> tensor<1x4x3x2xf32> {
  %y = nn.slice %x {offsets = array<i64: 0, 0, 1, 2>, strides = array<i64: 1, 2, 3, 1>} : (tensor<1x8x8x4xf32>) -> tensor<1x4x3x2xf32>
  func.return %y : tensor<1x4x3x2xf32>
}

// A negative stride walks backwards from the offset.
// CHECK-LABEL: func.func @reverse
// CHECK-NEXT:    %y = nn.slice %x {offsets = array<i64: 5>, strides = array<i64: -2>} : (tensor<6xf32>) -> tensor<3xf32>
// CHECK-NEXT:    func.return %y
func.func @reverse(%x: tensor<6xf32>) -> tensor<3xf32> {
  %y = nn.slice %x {offsets = array<i64: 5>, strides = array<i64: -2>} : (tensor<6xf32>) -> tensor<3xf32>
  func.return %y : tensor<3xf32>
}
