// RUN: nnpipe-opt %s --split-input-file -p fuse-conv-add | filecheck %s

// add(conv, y): the conv's bias and attributes carry over; operand order is
// (input, weight, addend, bias).
// CHECK-LABEL: func.func @conv_lhs_with_bias
// CHECK-NEXT:    %s = nn.conv_add %x, %w, %y, %b {strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>} : (tensor<1x8x8x4xf32>, tensor<8x3x3x4xf32>, tensor<1x4x4x8xf32>, tensor<8xf32>) -> tensor<1x4x4x8xf32>
// CHECK-NEXT:    func.return %s
func.func @conv_lhs_with_bias(%x: tensor<1x8x8x4xf32>, %w: tensor<8x3x3x4xf32>, %b: tensor<8xf32>, %y: tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32> {
  %c = nn.conv2d %x, %w, %b {strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>} : (tensor<1x8x8x4xf32>, tensor<8x3x3x4xf32>, tensor<8xf32>) -> tensor<1x4x4x8xf32>
  %s = nn.add %c, %y : (tensor<1x4x4x8xf32>, tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
  func.return %s : tensor<1x4x4x8xf32>
}

// -----

// add(y, conv) without bias.
// CHECK-LABEL: func.func @conv_rhs_without_bias
// CHECK-NEXT:    %s = nn.conv_add %x, %w, %y {groups = 2 : i64} : (tensor<1x4x4x4xf32>, tensor<4x1x1x2xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
// CHECK-NEXT:    func.return %s
func.func @conv_rhs_without_bias(%x: tensor<1x4x4x4xf32>, %w: tensor<4x1x1x2xf32>, %y: tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32> {
  %c = nn.conv2d %x, %w {groups = 2 : i64} : (tensor<1x4x4x4xf32>, tensor<4x1x1x2xf32>) -> tensor<1x4x4x4xf32>
  %s = nn.add %y, %c : (tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  func.return %s : tensor<1x4x4x4xf32>
}

// -----

// The addend is computed after the conv: the fused op goes where the add was, after
// the addend's definition.
// CHECK-LABEL: func.func @addend_defined_after_conv
// CHECK-NEXT:    %y = nn.relu %x
// CHECK-NEXT:    %s = nn.conv_add %x, %w, %y :
// CHECK-NEXT:    func.return %s
func.func @addend_defined_after_conv(%x: tensor<1x4x4x2xf32>, %w: tensor<2x1x1x2xf32>) -> tensor<1x4x4x2xf32> {
  %c = nn.conv2d %x, %w : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>) -> tensor<1x4x4x2xf32>
  %y = nn.relu %x : tensor<1x4x4x2xf32>
  %s = nn.add %c, %y : (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  func.return %s : tensor<1x4x4x2xf32>
}

// -----

// Both operands are convs: the later-defined one (%right, here the add's rhs) is
// fused and %left, already computed, is the addend.
// CHECK-LABEL: func.func @both_convs_later_is_rhs
// CHECK-NEXT:    %left = nn.conv2d %x, %w1
// CHECK-NEXT:    %s = nn.conv_add %x, %w2, %left :
// CHECK-NEXT:    func.return %s
func.func @both_convs_later_is_rhs(%x: tensor<1x4x4x2xf32>, %w1: tensor<2x3x3x2xf32>, %w2: tensor<2x1x1x2xf32>) -> tensor<1x4x4x2xf32> {
  %left = nn.conv2d %x, %w1 {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x4x4x2xf32>, tensor<2x3x3x2xf32>) -> tensor<1x4x4x2xf32>
  %right = nn.conv2d %x, %w2 : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>) -> tensor<1x4x4x2xf32>
  %s = nn.add %left, %right : (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  func.return %s : tensor<1x4x4x2xf32>
}

// -----

// Same rule when the later conv is the add's lhs: operand position does not matter.
// CHECK-LABEL: func.func @both_convs_later_is_lhs
// CHECK-NEXT:    %first = nn.conv2d %x, %w2
// CHECK-NEXT:    %s = nn.conv_add %x, %w1, %first {padding = array<i64: 1, 1, 1, 1>} :
// CHECK-NEXT:    func.return %s
func.func @both_convs_later_is_lhs(%x: tensor<1x4x4x2xf32>, %w1: tensor<2x3x3x2xf32>, %w2: tensor<2x1x1x2xf32>) -> tensor<1x4x4x2xf32> {
  %first = nn.conv2d %x, %w2 : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>) -> tensor<1x4x4x2xf32>
  %second = nn.conv2d %x, %w1 {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x4x4x2xf32>, tensor<2x3x3x2xf32>) -> tensor<1x4x4x2xf32>
  %s = nn.add %second, %first : (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  func.return %s : tensor<1x4x4x2xf32>
}

// -----

// Both operands convs, but the later one has a second user: the earlier one fuses.
// CHECK-LABEL: func.func @both_convs_later_escapes
// CHECK-NEXT:    %second = nn.conv2d %x, %w1
// CHECK-NEXT:    %s = nn.conv_add %x, %w2, %second :
// CHECK-NEXT:    func.return %s, %second
func.func @both_convs_later_escapes(%x: tensor<1x4x4x2xf32>, %w1: tensor<2x1x1x2xf32>, %w2: tensor<2x1x1x2xf32>) -> (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) {
  %first = nn.conv2d %x, %w2 : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>) -> tensor<1x4x4x2xf32>
  %second = nn.conv2d %x, %w1 : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>) -> tensor<1x4x4x2xf32>
  %s = nn.add %first, %second : (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  func.return %s, %second : tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>
}

// -----

// f16 in, f32 out: the add is in the conv's result type, so it fuses.
// CHECK-LABEL: func.func @mixed_precision_conv
// CHECK-NEXT:    %s = nn.conv_add %x, %w, %y : (tensor<1x4x4x2xf16>, tensor<2x1x1x2xf16>, tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
func.func @mixed_precision_conv(%x: tensor<1x4x4x2xf16>, %w: tensor<2x1x1x2xf16>, %y: tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> {
  %c = nn.conv2d %x, %w : (tensor<1x4x4x2xf16>, tensor<2x1x1x2xf16>) -> tensor<1x4x4x2xf32>
  %s = nn.add %c, %y : (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  func.return %s : tensor<1x4x4x2xf32>
}

// -----

// A broadcast add of a per-channel constant folds into the bias instead of fusing.
// b' = 0.5 + 0.25 = 0.75 (0x3f400000) for both channels.
// CHECK-LABEL: func.func @broadcast_channel_constant_becomes_bias
// CHECK-NEXT:    %b = arith.constant dense_resource<[[B:b_folded[_0-9]*]]> : tensor<2xf32>
// CHECK-NEXT:    %c = nn.conv2d %x, %w, %b :
// CHECK-NEXT:    func.return %c
// CHECK:         [[B]]: "0x040000000000403f0000403f"
func.func @broadcast_channel_constant_becomes_bias(%x: tensor<1x4x4x2xf32>, %w: tensor<2x1x1x2xf32>) -> tensor<1x4x4x2xf32> {
  %b = arith.constant dense<0.5> : tensor<2xf32>
  %k = arith.constant dense<0.25> : tensor<1x1x1x2xf32>
  %c = nn.conv2d %x, %w, %b : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  %s = nn.add %k, %c : (tensor<1x1x1x2xf32>, tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  func.return %s : tensor<1x4x4x2xf32>
}

// -----

// A full-shape constant addend is an ordinary addend.
// CHECK-LABEL: func.func @full_shape_constant_addend
// CHECK-NEXT:    %k = arith.constant
// CHECK-NEXT:    %s = nn.conv_add %x, %w, %k :
func.func @full_shape_constant_addend(%x: tensor<1x1x2x1xf32>, %w: tensor<1x1x1x1xf32>) -> tensor<1x1x2x1xf32> {
  %k = arith.constant dense<[[[[1.0], [2.0]]]]> : tensor<1x1x2x1xf32>
  %c = nn.conv2d %x, %w : (tensor<1x1x2x1xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x1xf32>
  %s = nn.add %c, %k : (tensor<1x1x2x1xf32>, tensor<1x1x2x1xf32>) -> tensor<1x1x2x1xf32>
  func.return %s : tensor<1x1x2x1xf32>
}
