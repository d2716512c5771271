// RUN: nnpipe-opt %s | filecheck %s
// RUN: nnpipe-opt %s --print-op-generic | nnpipe-opt - | filecheck %s
// RUN: nnpipe-opt %s --print-op-generic | filecheck %s --check-prefix=GENERIC

// Round trip of nn.conv2d: every property, the optional bias, explicit defaults elided, f16 in / f32 out.

// All properties set to non-defaults, with bias.
// CHECK-LABEL: func.func @full
// CHECK-NEXT:    %y = nn.conv2d %x, %w, %b {strides = array<i64: 3, 2>, padding = array<i64: 1, 0, 2, 1>, dilations = array<i64: 2, 1>, groups = 2 : i64} : (tensor<2x9x10x6xf32>, tensor<4x3x2x3xf32>, tensor<4xf32>) -> tensor<2x2x6x4xf32>
// CHECK-NEXT:    func.return %y
// GENERIC:       %y = "nn.conv2d"(%x, %w, %b) <{strides = array<i64: 3, 2>, padding = array<i64: 1, 0, 2, 1>, dilations = array<i64: 2, 1>, groups = 2 : i64}> : (tensor<2x9x10x6xf32>, tensor<4x3x2x3xf32>, tensor<4xf32>) -> tensor<2x2x6x4xf32>
func.func @full(%x: tensor<2x9x10x6xf32>, %w: tensor<4x3x2x3xf32>, %b: tensor<4xf32>) -> tensor<2x2x6x4xf32> {
  %y = nn.conv2d %x, %w, %b {strides = array<i64: 3, 2>, padding = array<i64: 1, 0, 2, 1>, dilations = array<i64: 2, 1>, groups = 2 : i64} : (tensor<2x9x10x6xf32>, tensor<4x3x2x3xf32>, tensor<4xf32>) -> tensor<2x2x6x4xf32>
  func.return %y : tensor<2x2x6x4xf32>
}

// No bias, no properties: the attribute dictionary disappears.
// CHECK-LABEL: func.func @defaults
// CHECK-NEXT:    %y = nn.conv2d %x, %w : (tensor<1x5x5x2xf32>, tensor<3x3x3x2xf32>) -> tensor<1x3x3x3xf32>
// CHECK-NEXT:    func.return %y
// GENERIC:       %y = "nn.conv2d"(%x, %w) : (tensor<1x5x5x2xf32>, tensor<3x3x3x2xf32>) -> tensor<1x3x3x3xf32>
func.func @defaults(%x: tensor<1x5x5x2xf32>, %w: tensor<3x3x3x2xf32>) -> tensor<1x3x3x3xf32> {
  %y = nn.conv2d %x, %w : (tensor<1x5x5x2xf32>, tensor<3x3x3x2xf32>) -> tensor<1x3x3x3xf32>
  func.return %y : tensor<1x3x3x3xf32>
}

// Properties spelled with their default values are elided when printed.
// CHECK-LABEL: func.func @explicit_defaults
// CHECK-NEXT:    %y = nn.conv2d %x, %w : (tensor<1x5x5x2xf32>, tensor<3x3x3x2xf32>) -> tensor<1x3x3x3xf32>
// CHECK-NEXT:    func.return %y
func.func @explicit_defaults(%x: tensor<1x5x5x2xf32>, %w: tensor<3x3x3x2xf32>) -> tensor<1x3x3x3xf32> {
  %y = nn.conv2d %x, %w {strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64} : (tensor<1x5x5x2xf32>, tensor<3x3x3x2xf32>) -> tensor<1x3x3x3xf32>
  func.return %y : tensor<1x3x3x3xf32>
}

// f16 input and weight, f32 bias and result (accumulate in f32).
// CHECK-LABEL: func.func @f16_to_f32
// CHECK-NEXT:    %y = nn.conv2d %x, %w, %b {groups = 8 : i64} : (tensor<1x4x4x8xf16>, tensor<8x1x1x1xf16>, tensor<8xf32>) -> tensor<1x4x4x8xf32>
// CHECK-NEXT:    func.return %y
func.func @f16_to_f32(%x: tensor<1x4x4x8xf16>, %w: tensor<8x1x1x1xf16>, %b: tensor<8xf32>) -> tensor<1x4x4x8xf32> {
  %y = nn.conv2d %x, %w, %b {groups = 8 : i64} : (tensor<1x4x4x8xf16>, tensor<8x1x1x1xf16>, tensor<8xf32>) -> tensor<1x4x4x8xf32>
  func.return %y : tensor<1x4x4x8xf32>
}
