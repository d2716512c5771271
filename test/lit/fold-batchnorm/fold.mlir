// RUN: nnpipe-opt %s --split-input-file -p fold-batchnorm | filecheck %s

// Exact arithmetic: s = gamma / sqrt(var + eps) = 2 / sqrt(0 + 0.25) = 4, so
// w' = 1 * 4 = 4.0 (0x40800000) and b' = (0.5 - 0.5) * 4 + 1 = 1.0 (0x3f800000).
// The batch norm and its dead statistics are gone; the blobs are new.

// CHECK-LABEL: func.func @fold_exact
// CHECK-NEXT:    %w = arith.constant dense_resource<[[W:w_folded[_0-9]*]]> : tensor<1x1x1x1xf32>
// CHECK-NEXT:    %b = arith.constant dense_resource<[[B:b_folded[_0-9]*]]> : tensor<1xf32>
// CHECK-NEXT:    %c = nn.conv2d %x, %w, %b : (tensor<1x4x4x1xf32>, tensor<1x1x1x1xf32>, tensor<1xf32>) -> tensor<1x4x4x1xf32>
// CHECK-NEXT:    func.return %c : tensor<1x4x4x1xf32>
// CHECK:       [[B]]: "0x040000000000803f"
// CHECK-NEXT:  [[W]]: "0x0400000000008040"
func.func @fold_exact(%x: tensor<1x4x4x1xf32>) -> tensor<1x4x4x1xf32> {
  %w = arith.constant dense<1.0> : tensor<1x1x1x1xf32>
  %b = arith.constant dense<0.5> : tensor<1xf32>
  %gamma = arith.constant dense<2.0> : tensor<1xf32>
  %beta = arith.constant dense<1.0> : tensor<1xf32>
  %mean = arith.constant dense<0.5> : tensor<1xf32>
  %var = arith.constant dense<0.0> : tensor<1xf32>
  %c = nn.conv2d %x, %w, %b : (tensor<1x4x4x1xf32>, tensor<1x1x1x1xf32>, tensor<1xf32>) -> tensor<1x4x4x1xf32>
  %y = nn.batch_norm %c, %gamma, %beta, %mean, %var {epsilon = 0.25 : f32} : (tensor<1x4x4x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x1xf32>
  func.return %y : tensor<1x4x4x1xf32>
}

// -----

// A conv without bias gets one: b' = beta - mean * s = 1 - 0.5 * 4 = -1.0 (0xbf800000).
// Strides, padding and groups are kept.

// CHECK-LABEL: func.func @no_bias_gets_one
// CHECK-NEXT:    %w = arith.constant dense_resource<[[W:w_folded[_0-9]*]]> : tensor<2x3x3x1xf32>
// CHECK-NEXT:    %c_bias = arith.constant dense_resource<[[B:c_bias[_0-9]*]]> : tensor<2xf32>
// CHECK-NEXT:    %c = nn.conv2d %x, %w, %c_bias {strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>, groups = 2 : i64} : (tensor<1x5x5x2xf32>, tensor<2x3x3x1xf32>, tensor<2xf32>) -> tensor<1x3x3x2xf32>
// CHECK-NEXT:    func.return %c
// CHECK:       [[B]]: "0x04000000000080bf000080bf"
func.func @no_bias_gets_one(%x: tensor<1x5x5x2xf32>) -> tensor<1x3x3x2xf32> {
  %w = arith.constant dense<1.0> : tensor<2x3x3x1xf32>
  %gamma = arith.constant dense<2.0> : tensor<2xf32>
  %beta = arith.constant dense<1.0> : tensor<2xf32>
  %mean = arith.constant dense<0.5> : tensor<2xf32>
  %var = arith.constant dense<0.0> : tensor<2xf32>
  %c = nn.conv2d %x, %w {strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>, groups = 2 : i64} : (tensor<1x5x5x2xf32>, tensor<2x3x3x1xf32>) -> tensor<1x3x3x2xf32>
  %y = nn.batch_norm %c, %gamma, %beta, %mean, %var {epsilon = 0.25 : f32} : (tensor<1x3x3x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x3x3x2xf32>
  func.return %y : tensor<1x3x3x2xf32>
}

// -----

// A weight constant shared with another conv stays for that conv; the folded conv
// gets its own blob.

// CHECK-LABEL: func.func @shared_weight
// CHECK-NEXT:    %w = arith.constant dense_resource<[[W:w_folded[_0-9]*]]> : tensor<1x1x1x1xf32>
// CHECK-NEXT:    %w_1 = arith.constant dense<1.000000e+00> : tensor<1x1x1x1xf32>
// CHECK-NEXT:    %c_bias = arith.constant dense_resource<[[B:c_bias[_0-9]*]]> : tensor<1xf32>
// CHECK-NEXT:    %c = nn.conv2d %x, %w, %c_bias
// CHECK-NEXT:    %d = nn.conv2d %x, %w_1 :
// CHECK-NEXT:    func.return %c, %d
func.func @shared_weight(%x: tensor<1x4x4x1xf32>) -> (tensor<1x4x4x1xf32>, tensor<1x4x4x1xf32>) {
  %w = arith.constant dense<1.0> : tensor<1x1x1x1xf32>
  %gamma = arith.constant dense<2.0> : tensor<1xf32>
  %beta = arith.constant dense<1.0> : tensor<1xf32>
  %mean = arith.constant dense<0.5> : tensor<1xf32>
  %var = arith.constant dense<0.0> : tensor<1xf32>
  %c = nn.conv2d %x, %w : (tensor<1x4x4x1xf32>, tensor<1x1x1x1xf32>) -> tensor<1x4x4x1xf32>
  %d = nn.conv2d %x, %w : (tensor<1x4x4x1xf32>, tensor<1x1x1x1xf32>) -> tensor<1x4x4x1xf32>
  %y = nn.batch_norm %c, %gamma, %beta, %mean, %var {epsilon = 0.25 : f32} : (tensor<1x4x4x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x1xf32>
  func.return %y, %d : tensor<1x4x4x1xf32>, tensor<1x4x4x1xf32>
}

// -----

// Blob keys derive from the old key; an f16-in, f32-out conv keeps f16 weights and
// gets an f32 bias (the type the batch norm computed in).

// CHECK-LABEL: func.func @resource_names_and_types
// CHECK-NEXT:    %w = arith.constant dense_resource<conv_w_folded> : tensor<1x1x1x1xf16>
// CHECK-NEXT:    %b = arith.constant dense_resource<conv_b_folded> : tensor<1xf32>
// CHECK-NEXT:    %c = nn.conv2d %x, %w, %b : (tensor<1x4x4x1xf16>, tensor<1x1x1x1xf16>, tensor<1xf32>) -> tensor<1x4x4x1xf32>
// CHECK:       conv_b_folded: "0x040000000000803f"
// CHECK-NEXT:  conv_w_folded: "0x020000000044"
func.func @resource_names_and_types(%x: tensor<1x4x4x1xf16>) -> tensor<1x4x4x1xf32> {
  %w = arith.constant dense_resource<conv_w> : tensor<1x1x1x1xf16>
  %b = arith.constant dense_resource<conv_b> : tensor<1xf16>
  %gamma = arith.constant dense<2.0> : tensor<1xf32>
  %beta = arith.constant dense<1.0> : tensor<1xf32>
  %mean = arith.constant dense<0.5> : tensor<1xf32>
  %var = arith.constant dense<0.0> : tensor<1xf32>
  %c = nn.conv2d %x, %w, %b : (tensor<1x4x4x1xf16>, tensor<1x1x1x1xf16>, tensor<1xf16>) -> tensor<1x4x4x1xf32>
  %y = nn.batch_norm %c, %gamma, %beta, %mean, %var {epsilon = 0.25 : f32} : (tensor<1x4x4x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x1xf32>
  func.return %y : tensor<1x4x4x1xf32>
}
{-#
  dialect_resources: {
    builtin: {
      conv_w: "0x02000000003C",
      conv_b: "0x020000000038"
    }
  }
#-}
