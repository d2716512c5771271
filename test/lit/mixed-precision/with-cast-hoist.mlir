// The one-line path: mixed-precision inserts the casts, cast-hoist moves them through
// the channel shuffle and cancels them, so no f32 data movement is left.
// RUN: nnpipe-opt %s -p 'mixed-precision{type=f16},cast-hoist' --pass-statistics 2>%t.stats | filecheck %s
// RUN: filecheck %s --check-prefix=STATS < %t.stats

// CHECK-LABEL: func.func @main
// CHECK:         %x_f16 = nn.cast %x : tensor<1x4x4x8xf32> to tensor<1x4x4x8xf16>
// CHECK-NEXT:    %w_f16 = arith.constant dense<1.250000e-01> : tensor<8x1x1x8xf16>
// CHECK-NEXT:    %c_f16 = nn.conv2d %x_f16, %w_f16 : (tensor<1x4x4x8xf16>, tensor<8x1x1x8xf16>) -> tensor<1x4x4x8xf16>
// CHECK-NEXT:    %r_f16 = nn.reshape %c_f16 : (tensor<1x4x4x8xf16>) -> tensor<1x4x4x2x4xf16>
// CHECK-NEXT:    %t_f16 = nn.transpose %r_f16 {{.*}} -> tensor<1x4x4x4x2xf16>
// CHECK-NEXT:    %s_f16 = nn.reshape %t_f16 : (tensor<1x4x4x4x2xf16>) -> tensor<1x4x4x8xf16>
// CHECK-NEXT:    %d_f16 = nn.conv2d %s_f16, %w_f16 : (tensor<1x4x4x8xf16>, tensor<8x1x1x8xf16>) -> tensor<1x4x4x8xf16>
// CHECK-NEXT:    %d = nn.cast %d_f16 : tensor<1x4x4x8xf16> to tensor<1x4x4x8xf32>
// CHECK-NEXT:    func.return %d

// STATS:      mixed-precision
// STATS-NEXT:   (S) 2 ops-converted
// STATS-NEXT:   (S) 4 casts-inserted
// STATS-NEXT:   (S) 1 constants-converted
// STATS:      cast-hoist
// STATS-NEXT:   (S) 3 casts-moved
// STATS-NEXT:   (S) 0 casts-merged
// STATS-NEXT:   (S) 1 casts-cancelled

func.func @main(%x: tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32> {
  %w = arith.constant dense<0.125> : tensor<8x1x1x8xf32>
  %c = nn.conv2d %x, %w : (tensor<1x4x4x8xf32>, tensor<8x1x1x8xf32>) -> tensor<1x4x4x8xf32>
  %r = nn.reshape %c : (tensor<1x4x4x8xf32>) -> tensor<1x4x4x2x4xf32>
  %t = nn.transpose %r {permutation = array<i64: 0, 1, 2, 4, 3>} : (tensor<1x4x4x2x4xf32>) -> tensor<1x4x4x4x2xf32>
  %s = nn.reshape %t : (tensor<1x4x4x4x2xf32>) -> tensor<1x4x4x8xf32>
  %d = nn.conv2d %s, %w : (tensor<1x4x4x8xf32>, tensor<8x1x1x8xf32>) -> tensor<1x4x4x8xf32>
  func.return %d : tensor<1x4x4x8xf32>
}
