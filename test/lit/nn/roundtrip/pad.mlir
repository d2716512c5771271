// RUN: nnpipe-opt %s | filecheck %s
// RUN: nnpipe-opt %s --print-op-generic | nnpipe-opt - | filecheck %s
// RUN: nnpipe-opt %s --print-op-generic | filecheck %s --check-prefix=GENERIC

// Round trip of nn.pad: low/high and every mode.

// Constant mode is the default and is elided when spelled.
// CHECK-LABEL: func.func @constant
// CHECK-NEXT:    %y = nn.pad %x, %v {low = array<i64: 0, 1, 0, 0>, high = array<i64: 0, 2, 1, 0>} : (tensor<1x4x4x2xf32>, tensor<f32>) -> tensor<1x7x5x2xf32>
// CHECK-NEXT:    func.return %y
// GENERIC:       %y = "nn.pad"(%x, %v) <{low = array<i64: 0, 1, 0, 0>, high = array<i64: 0, 2, 1, 0>, mode = #nn.pad_mode<constant>}> : (tensor<1x4x4x2xf32>, tensor<f32>) -> tensor<1x7x5x2xf32>
func.func @constant(%x: tensor<1x4x4x2xf32>, %v: tensor<f32>) -> tensor<1x7x5x2xf32> {
  %y = nn.pad %x, %v {low = array<i64: 0, 1, 0, 0>, high = array<i64: 0, 2, 1, 0>, mode = #nn.pad_mode<constant>} : (tensor<1x4x4x2xf32>, tensor<f32>) -> tensor<1x7x5x2xf32>
  func.return %y : tensor<1x7x5x2xf32>
}

// mode = reflect.
// CHECK-LABEL: func.func @reflect
// CHECK-NEXT:    %y = nn.pad %x, %v {low = array<i64: 1, 0>, high = array<i64: 2, 1>, mode = #nn.pad_mode<reflect>} : (tensor<3x4xf16>, tensor<f16>) -> tensor<6x5xf16>
// CHECK-NEXT:    func.return %y
func.func @reflect(%x: tensor<3x4xf16>, %v: tensor<f16>) -> tensor<6x5xf16> {
  %y = nn.pad %x, %v {low = array<i64: 1, 0>, high = array<i64: 2, 1>, mode = #nn.pad_mode<reflect>} : (tensor<3x4xf16>, tensor<f16>) -> tensor<6x5xf16>
  func.return %y : tensor<6x5xf16>
}

// mode = edge.
// CHECK-LABEL: func.func @edge
// CHECK-NEXT:    %y = nn.pad %x, %v {low = array<i64: 1, 0>, high = array<i64: 2, 1>, mode = #nn.pad_mode<edge>} : (tensor<3x4xf16>, tensor<f16>) -> tensor<6x5xf16>
// CHECK-NEXT:    func.return %y
func.func @edge(%x: tensor<3x4xf16>, %v: tensor<f16>) -> tensor<6x5xf16> {
  %y = nn.pad %x, %v {low = array<i64: 1, 0>, high = array<i64: 2, 1>, mode = #nn.pad_mode<edge>} : (tensor<3x4xf16>, tensor<f16>) -> tensor<6x5xf16>
  func.return %y : tensor<6x5xf16>
}

// mode = wrap.
// CHECK-LABEL: func.func @wrap
// CHECK-NEXT:    %y = nn.pad %x, %v {low = array<i64: 1, 0>, high = array<i64: 2, 1>, mode = #nn.pad_mode<wrap>} : (tensor<3x4xf16>, tensor<f16>) -> tensor<6x5xf16>
// CHECK-NEXT:    func.return %y
func.func @wrap(%x: tensor<3x4xf16>, %v: tensor<f16>) -> tensor<6x5xf16> {
  %y = nn.pad %x, %v {low = array<i64: 1, 0>, high = array<i64: 2, 1>, mode = #nn.pad_mode<wrap>} : (tensor<3x4xf16>, tensor<f16>) -> tensor<6x5xf16>
  func.return %y : tensor<6x5xf16>
}
