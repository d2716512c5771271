// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// Negative padding is rejected.

func.func @main(%x: tensor<1x8x8x4xf32>, %w: tensor<8x3x3x4xf32>) -> tensor<1x6x6x8xf32> {
  %y = nn.conv2d %x, %w {padding = array<i64: -1, 0, 0, 0>} : (tensor<1x8x8x4xf32>, tensor<8x3x3x4xf32>) -> tensor<1x6x6x8xf32>
  func.return %y : tensor<1x6x6x8xf32>
}

// CHECK: {{.*}}/verify/conv2d-padding-negative.mlir:6:3: error: 'nn.conv2d' op padding = [-1, 0, 0, 0] has an entry below 0, expected every entry >= 0
