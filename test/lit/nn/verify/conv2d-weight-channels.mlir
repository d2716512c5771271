// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// OHWI dim 3 is the input channels per group.

func.func @main(%x: tensor<1x8x8x4xf32>, %w: tensor<8x3x3x4xf32>) -> tensor<1x6x6x8xf32> {
  %y = nn.conv2d %x, %w {groups = 2 : i64} : (tensor<1x8x8x4xf32>, tensor<8x3x3x4xf32>) -> tensor<1x6x6x8xf32>
  func.return %y : tensor<1x6x6x8xf32>
}

// CHECK: {{.*}}/verify/conv2d-weight-channels.mlir:6:3: error: 'nn.conv2d' op weight %w has 4 input channels per group (OHWI dim 3), expected 2 (input channels 4 / groups 2)
