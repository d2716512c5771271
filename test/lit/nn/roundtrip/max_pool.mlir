// RUN: nnpipe-opt %s | filecheck %s
// RUN: nnpipe-opt %s --print-op-generic | nnpipe-opt - | filecheck %s
// RUN: nnpipe-opt %s --print-op-generic | filecheck %s --check-prefix=GENERIC

// Round trip of nn.max_pool: kernel, strides, padding, dilations, ceil_mode.

// Only the kernel; defaults spelled out are elided.
// CHECK-LABEL: func.func @kernel_only
// CHECK-NEXT:    %y = nn.max_pool %x {kernel = array<i64: 2, 2>} : (tensor<1x6x6x2xf32>) -> tensor<1x5x5x2xf32>
// CHECK-NEXT:    func.return %y
// GENERIC:       %y = "nn.max_pool"(%x) <{kernel = array<i64: 2, 2>, strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, ceil_mode = false}> : (tensor<1x6x6x2xf32>) -> tensor<1x5x5x2xf32>
func.func @kernel_only(%x: tensor<1x6x6x2xf32>) -> tensor<1x5x5x2xf32> {
  %y = nn.max_pool %x {kernel = array<i64: 2, 2>, strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, ceil_mode = false} : (tensor<1x6x6x2xf32>) -> tensor<1x5x5x2xf32>
  func.return %y : tensor<1x5x5x2xf32>
}

// Strided, padded, dilated, ceil_mode: floor would give 3x3, ceil gives 4x4.
// CHECK-LABEL: func.func @ceil_mode
// CHECK-NEXT:    %y = nn.max_pool %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 0, 1, 0>, ceil_mode = true} : (tensor<1x8x8x2xf32>) -> tensor<1x4x4x2xf32>
// CHECK-NEXT:    func.return %y
func.func @ceil_mode(%x: tensor<1x8x8x2xf32>) -> tensor<1x4x4x2xf32> {
  %y = nn.max_pool %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 0, 1, 0>, dilations = array<i64: 1, 1>, ceil_mode = true} : (tensor<1x8x8x2xf32>) -> tensor<1x4x4x2xf32>
  func.return %y : tensor<1x4x4x2xf32>
}

// Dilations.
// CHECK-LABEL: func.func @dilated
// CHECK-NEXT:    %y = nn.max_pool %x {kernel = array<i64: 3, 3>, dilations = array<i64: 2, 2>} : (tensor<1x7x7x1xf16>) -> tensor<1x3x3x1xf16>
// CHECK-NEXT:    func.return %y
func.func @dilated(%x: tensor<1x7x7x1xf16>) -> tensor<1x3x3x1xf16> {
  %y = nn.max_pool %x {kernel = array<i64: 3, 3>, dilations = array<i64: 2, 2>} : (tensor<1x7x7x1xf16>) -> tensor<1x3x3x1xf16>
  func.return %y : tensor<1x3x3x1xf16>
}
