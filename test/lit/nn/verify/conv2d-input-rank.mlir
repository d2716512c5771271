// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// The input is NHWC, rank 4.

func.func @main(%x: tensor<8x8x4xf32>, %w: tensor<8x3x3x4xf32>) -> tensor<1x6x6x8xf32> {
  %y = nn.conv2d %x, %w : (tensor<8x8x4xf32>, tensor<8x3x3x4xf32>) -> tensor<1x6x6x8xf32>
  func.return %y : tensor<1x6x6x8xf32>
}

// CHECK: {{.*}}/verify/conv2d-input-rank.mlir:6:3: error: 'nn.conv2d' op input %x has rank 3 (shape [8, 8, 4]), expected rank 4 (NHWC)
