// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// The weight is OHWI, rank 4.

func.func @main(%x: tensor<1x8x8x4xf32>, %w: tensor<8x3x3xf32>) -> tensor<1x6x6x8xf32> {
  %y = nn.conv2d %x, %w : (tensor<1x8x8x4xf32>, tensor<8x3x3xf32>) -> tensor<1x6x6x8xf32>
  func.return %y : tensor<1x6x6x8xf32>
}

// CHECK: {{.*}}/verify/conv2d-weight-rank.mlir:6:3: error: 'nn.conv2d' op weight %w has rank 3 (shape [8, 3, 3]), expected rank 4 (OHWI: [out channels, kh, kw, in channels / groups])
