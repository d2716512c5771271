// RUN: nnpipe-opt %s --split-input-file -p nn-optimize | filecheck %s
// RUN: nnpipe-opt %s --split-input-file -p 'nn-optimize{fold-relu=false}' | filecheck %s --check-prefix=NORELU

// A ResNet v1 projection block: conv -> bn on both branches, add, relu. After
// nn-optimize: both batch norms folded, the later conv fused with the earlier one's
// result as addend, relu folded into the activation. The identity cast is removed
// by canonicalize, which is what lets fold-batchnorm see the conv.

// CHECK-LABEL: func.func @projection_block
// CHECK-NOT:     nn.batch_norm
// CHECK-NOT:     nn.cast
// CHECK:         %c1 = nn.conv2d %x, %w1, %c1_bias {padding = array<i64: 1, 1, 1, 1>} :
// CHECK-NEXT:    %c2_bias = arith.constant
// CHECK-NEXT:    %r = nn.conv_add %x, %w2, %c1, %c2_bias {activation = #nn.activation<relu>} : (tensor<1x4x4x2xf32>, tensor<4x1x1x2xf32>, tensor<1x4x4x4xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32>
// CHECK-NEXT:    func.return %r
// NORELU-LABEL: func.func @projection_block
// NORELU:         %s = nn.conv_add %x, %w2, %c1, %c2_bias : (tensor<1x4x4x2xf32>, tensor<4x1x1x2xf32>, tensor<1x4x4x4xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32>
// NORELU-NEXT:    %r = nn.relu %s
func.func @projection_block(%x: tensor<1x4x4x2xf32>) -> tensor<1x4x4x4xf32> {
  %w1 = arith.constant dense<0.5> : tensor<4x3x3x2xf32>
  %w2 = arith.constant dense<0.25> : tensor<4x1x1x2xf32>
  %gamma = arith.constant dense<[1.0, 2.0, 0.5, 1.5]> : tensor<4xf32>
  %beta = arith.constant dense<[0.1, -0.1, 0.2, 0.0]> : tensor<4xf32>
  %mean = arith.constant dense<[0.0, 0.5, -0.5, 1.0]> : tensor<4xf32>
  %var = arith.constant dense<[1.0, 0.5, 2.0, 1.0]> : tensor<4xf32>
  %c1 = nn.conv2d %x, %w1 {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x4x4x2xf32>, tensor<4x3x3x2xf32>) -> tensor<1x4x4x4xf32>
  %same = nn.cast %c1 : tensor<1x4x4x4xf32> to tensor<1x4x4x4xf32>
  %n1 = nn.batch_norm %same, %gamma, %beta, %mean, %var : (tensor<1x4x4x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32>
  %c2 = nn.conv2d %x, %w2 : (tensor<1x4x4x2xf32>, tensor<4x1x1x2xf32>) -> tensor<1x4x4x4xf32>
  %n2 = nn.batch_norm %c2, %gamma, %beta, %mean, %var : (tensor<1x4x4x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32>
  %s = nn.add %n1, %n2 : (tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  %r = nn.relu %s : tensor<1x4x4x4xf32>
  func.return %r : tensor<1x4x4x4xf32>
}

// -----

// An exact f16 -> f32 -> f16 round trip between a conv and its add: cast-hoist
// cancels it, so fuse-conv-add (which never fuses across a cast) can fuse.
// CHECK-LABEL: func.func @round_trip_cast_cancelled
// CHECK-NEXT:    %s = nn.conv_add %x, %w, %y : (tensor<1x4x4x2xf16>, tensor<2x1x1x2xf16>, tensor<1x4x4x2xf16>) -> tensor<1x4x4x2xf16>
// CHECK-NEXT:    func.return %s
func.func @round_trip_cast_cancelled(%x: tensor<1x4x4x2xf16>, %w: tensor<2x1x1x2xf16>, %y: tensor<1x4x4x2xf16>) -> tensor<1x4x4x2xf16> {
  %c = nn.conv2d %x, %w : (tensor<1x4x4x2xf16>, tensor<2x1x1x2xf16>) -> tensor<1x4x4x2xf16>
  %wide = nn.cast %c : tensor<1x4x4x2xf16> to tensor<1x4x4x2xf32>
  %narrow = nn.cast %wide : tensor<1x4x4x2xf32> to tensor<1x4x4x2xf16>
  %s = nn.add %narrow, %y : (tensor<1x4x4x2xf16>, tensor<1x4x4x2xf16>) -> tensor<1x4x4x2xf16>
  func.return %s : tensor<1x4x4x2xf16>
}

// -----

// A narrowing cast between conv and add is a real type change: no fusion.
// CHECK-LABEL: func.func @narrowing_cast_blocks_fusion
// CHECK-NEXT:    %c = nn.conv2d
// CHECK-NEXT:    %h = nn.cast %c
// CHECK-NEXT:    %s = nn.add %h, %y
func.func @narrowing_cast_blocks_fusion(%x: tensor<1x4x4x2xf32>, %w: tensor<2x1x1x2xf32>, %y: tensor<1x4x4x2xf16>) -> tensor<1x4x4x2xf16> {
  %c = nn.conv2d %x, %w : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>) -> tensor<1x4x4x2xf32>
  %h = nn.cast %c : tensor<1x4x4x2xf32> to tensor<1x4x4x2xf16>
  %s = nn.add %h, %y : (tensor<1x4x4x2xf16>, tensor<1x4x4x2xf16>) -> tensor<1x4x4x2xf16>
  func.return %s : tensor<1x4x4x2xf16>
}
