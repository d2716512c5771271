// RUN: nnpipe-opt %s --split-input-file -p fold-batchnorm | filecheck %s

// A per-channel constant mul after a conv scales weights and bias:
// w' = 1 * 3 = 3.0 (0x40400000), b' = 0.5 * 3 = 1.5 (0x3fc00000).
// CHECK-LABEL: func.func @mul_channel_constant
// CHECK-NEXT:    %w = arith.constant dense_resource<[[W:w_folded[_0-9]*]]> : tensor<1x1x1x1xf32>
// CHECK-NEXT:    %b = arith.constant dense_resource<[[B:b_folded[_0-9]*]]> : tensor<1xf32>
// CHECK-NEXT:    %c = nn.conv2d %x, %w, %b
// CHECK-NEXT:    func.return %c
// CHECK:         [[B]]: "0x040000000000c03f"
// CHECK-NEXT:    [[W]]: "0x0400000000004040"
func.func @mul_channel_constant(%x: tensor<1x4x4x1xf32>) -> tensor<1x4x4x1xf32> {
  %w = arith.constant dense<1.0> : tensor<1x1x1x1xf32>
  %b = arith.constant dense<0.5> : tensor<1xf32>
  %k = arith.constant dense<3.0> : tensor<1x1x1x1xf32>
  %c = nn.conv2d %x, %w, %b : (tensor<1x4x4x1xf32>, tensor<1x1x1x1xf32>, tensor<1xf32>) -> tensor<1x4x4x1xf32>
  %y = nn.mul %k, %c : (tensor<1x1x1x1xf32>, tensor<1x4x4x1xf32>) -> tensor<1x4x4x1xf32>
  func.return %y : tensor<1x4x4x1xf32>
}

// -----

// A per-channel constant add folds into the bias; the weights need not be constant.
// b' = 0.5 + 0.25 = 0.75 (0x3f400000).
// CHECK-LABEL: func.func @add_channel_constant
// CHECK-NEXT:    %b = arith.constant dense_resource<[[B:b_folded[_0-9]*]]> : tensor<1xf32>
// CHECK-NEXT:    %c = nn.conv2d %x, %w, %b
// CHECK-NEXT:    func.return %c
// CHECK:         [[B]]: "0x040000000000403f"
func.func @add_channel_constant(%x: tensor<1x4x4x1xf32>, %w: tensor<1x1x1x1xf32>) -> tensor<1x4x4x1xf32> {
  %b = arith.constant dense<0.5> : tensor<1xf32>
  %k = arith.constant dense<0.25> : tensor<1xf32>
  %c = nn.conv2d %x, %w, %b : (tensor<1x4x4x1xf32>, tensor<1x1x1x1xf32>, tensor<1xf32>) -> tensor<1x4x4x1xf32>
  %y = nn.add %c, %k : (tensor<1x4x4x1xf32>, tensor<1xf32>) -> tensor<1x4x4x1xf32>
  func.return %y : tensor<1x4x4x1xf32>
}

// -----

// Batch norm, then mul, then add: all three fold into one conv.
// CHECK-LABEL: func.func @chain
// CHECK-NOT:     nn.batch_norm
// CHECK-NOT:     nn.mul
// CHECK-NOT:     nn.add
// CHECK:         %c = nn.conv2d %x, %w, %{{.*}} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
// CHECK-NEXT:    func.return %c
func.func @chain(%x: tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> {
  %w = arith.constant dense<[[[[1.0, 2.0]]], [[[3.0, 4.0]]]]> : tensor<2x1x1x2xf32>
  %s = arith.constant dense<[2.0, 0.5]> : tensor<2xf32>
  %k = arith.constant dense<-1.5> : tensor<f32>
  %c = nn.conv2d %x, %w : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>) -> tensor<1x4x4x2xf32>
  %n = nn.batch_norm %c, %s, %s, %s, %s : (tensor<1x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  %m = nn.mul %n, %s : (tensor<1x4x4x2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  %y = nn.add %m, %k : (tensor<1x4x4x2xf32>, tensor<f32>) -> tensor<1x4x4x2xf32>
  func.return %y : tensor<1x4x4x2xf32>
}

// -----

// Not per-channel: the constant varies along W, so it is no bias. Left alone.
// CHECK-LABEL: func.func @add_not_per_channel
// CHECK:         %c = nn.conv2d %x, %w
// CHECK-NEXT:    %y = nn.add %c, %k
func.func @add_not_per_channel(%x: tensor<1x4x4x1xf32>, %w: tensor<1x1x1x1xf32>) -> tensor<1x4x4x1xf32> {
  %k = arith.constant dense<[[[1.0], [2.0], [3.0], [4.0]]]> : tensor<1x4x1xf32>
  %c = nn.conv2d %x, %w : (tensor<1x4x4x1xf32>, tensor<1x1x1x1xf32>) -> tensor<1x4x4x1xf32>
  %y = nn.add %c, %k : (tensor<1x4x4x1xf32>, tensor<1x4x1xf32>) -> tensor<1x4x4x1xf32>
  func.return %y : tensor<1x4x4x1xf32>
}

// -----

// A per-channel constant that would broadcast the conv result to a larger shape
// is not a bias. Left alone.
// CHECK-LABEL: func.func @add_expands_result
// CHECK:         %c = nn.conv2d %x, %w
// CHECK-NEXT:    %y = nn.add %c, %k
func.func @add_expands_result(%x: tensor<1x4x4x1xf32>, %w: tensor<1x1x1x1xf32>) -> tensor<1x4x4x3xf32> {
  %k = arith.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
  %c = nn.conv2d %x, %w : (tensor<1x4x4x1xf32>, tensor<1x1x1x1xf32>) -> tensor<1x4x4x1xf32>
  %y = nn.add %c, %k : (tensor<1x4x4x1xf32>, tensor<3xf32>) -> tensor<1x4x4x3xf32>
  func.return %y : tensor<1x4x4x3xf32>
}

// -----

// The constant mul with the conv result used twice: left alone.
// CHECK-LABEL: func.func @mul_conv_two_users
// CHECK:         %c = nn.conv2d %x, %w
// CHECK-NEXT:    %y = nn.mul %c, %k
func.func @mul_conv_two_users(%x: tensor<1x4x4x1xf32>) -> (tensor<1x4x4x1xf32>, tensor<1x4x4x1xf32>) {
  %w = arith.constant dense<1.0> : tensor<1x1x1x1xf32>
  %k = arith.constant dense<3.0> : tensor<1xf32>
  %c = nn.conv2d %x, %w : (tensor<1x4x4x1xf32>, tensor<1x1x1x1xf32>) -> tensor<1x4x4x1xf32>
  %y = nn.mul %c, %k : (tensor<1x4x4x1xf32>, tensor<1xf32>) -> tensor<1x4x4x1xf32>
  func.return %y, %c : tensor<1x4x4x1xf32>, tensor<1x4x4x1xf32>
}
