// RUN: nnpipe-opt %s --split-input-file -p fuse-conv-add | filecheck %s

// Each case is left exactly as it was.

// The conv result has two users (another op).
// CHECK-LABEL: func.func @conv_two_users
// CHECK-NEXT:    %c = nn.conv2d
// CHECK-NEXT:    %s = nn.add %c, %y
// CHECK-NEXT:    %r = nn.relu %c
func.func @conv_two_users(%x: tensor<1x4x4x2xf32>, %w: tensor<2x1x1x2xf32>, %y: tensor<1x4x4x2xf32>) -> (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) {
  %c = nn.conv2d %x, %w : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>) -> tensor<1x4x4x2xf32>
  %s = nn.add %c, %y : (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  %r = nn.relu %c : tensor<1x4x4x2xf32>
  func.return %s, %r : tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>
}

// -----

// The conv result escapes through the return.
// CHECK-LABEL: func.func @conv_escapes
// CHECK-NEXT:    %c = nn.conv2d
// CHECK-NEXT:    %s = nn.add %y, %c
func.func @conv_escapes(%x: tensor<1x4x4x2xf32>, %w: tensor<2x1x1x2xf32>, %y: tensor<1x4x4x2xf32>) -> (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) {
  %c = nn.conv2d %x, %w : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>) -> tensor<1x4x4x2xf32>
  %s = nn.add %y, %c : (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  func.return %s, %c : tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>
}

// -----

// The conv added to itself: its result is used twice.
// CHECK-LABEL: func.func @conv_added_to_itself
// CHECK-NEXT:    %c = nn.conv2d
// CHECK-NEXT:    %s = nn.add %c, %c
func.func @conv_added_to_itself(%x: tensor<1x4x4x2xf32>, %w: tensor<2x1x1x2xf32>) -> tensor<1x4x4x2xf32> {
  %c = nn.conv2d %x, %w : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>) -> tensor<1x4x4x2xf32>
  %s = nn.add %c, %c : (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  func.return %s : tensor<1x4x4x2xf32>
}

// -----

// A broadcast addend that is not a constant: shapes differ, no fusion, no bias.
// CHECK-LABEL: func.func @broadcast_addend_not_constant
// CHECK-NEXT:    %c = nn.conv2d
// CHECK-NEXT:    %s = nn.add %c, %k
func.func @broadcast_addend_not_constant(%x: tensor<1x4x4x2xf32>, %w: tensor<2x1x1x2xf32>, %k: tensor<1x1x1x2xf32>) -> tensor<1x4x4x2xf32> {
  %c = nn.conv2d %x, %w : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>) -> tensor<1x4x4x2xf32>
  %s = nn.add %c, %k : (tensor<1x4x4x2xf32>, tensor<1x1x1x2xf32>) -> tensor<1x4x4x2xf32>
  func.return %s : tensor<1x4x4x2xf32>
}

// -----

// The add broadcasts the conv result itself (batch 1 against batch 2).
// CHECK-LABEL: func.func @add_broadcasts_conv_result
// CHECK-NEXT:    %c = nn.conv2d
// CHECK-NEXT:    %s = nn.add %c, %y
func.func @add_broadcasts_conv_result(%x: tensor<1x4x4x2xf32>, %w: tensor<2x1x1x2xf32>, %y: tensor<2x4x4x2xf32>) -> tensor<2x4x4x2xf32> {
  %c = nn.conv2d %x, %w : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>) -> tensor<1x4x4x2xf32>
  %s = nn.add %c, %y : (tensor<1x4x4x2xf32>, tensor<2x4x4x2xf32>) -> tensor<2x4x4x2xf32>
  func.return %s : tensor<2x4x4x2xf32>
}

// -----

// A cast between conv and add: never fuse across a type change.
// CHECK-LABEL: func.func @cast_between
// CHECK-NEXT:    %c = nn.conv2d
// CHECK-NEXT:    %h = nn.cast %c
// CHECK-NEXT:    %s = nn.add %h, %y
func.func @cast_between(%x: tensor<1x4x4x2xf32>, %w: tensor<2x1x1x2xf32>, %y: tensor<1x4x4x2xf16>) -> tensor<1x4x4x2xf16> {
  %c = nn.conv2d %x, %w : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>) -> tensor<1x4x4x2xf32>
  %h = nn.cast %c : tensor<1x4x4x2xf32> to tensor<1x4x4x2xf16>
  %s = nn.add %h, %y : (tensor<1x4x4x2xf16>, tensor<1x4x4x2xf16>) -> tensor<1x4x4x2xf16>
  func.return %s : tensor<1x4x4x2xf16>
}

// -----

// An add of two non-conv values is not touched.
// CHECK-LABEL: func.func @no_conv
// CHECK-NEXT:    %s = nn.add %a, %b
func.func @no_conv(%a: tensor<1x4x4x2xf32>, %b: tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> {
  %s = nn.add %a, %b : (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  func.return %s : tensor<1x4x4x2xf32>
}
