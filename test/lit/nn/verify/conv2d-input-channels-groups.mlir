// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// Input channels must divide into the groups.

func.func @main(%x: tensor<1x8x8x6xf32>, %w: tensor<8x3x3x1xf32>) -> tensor<1x6x6x8xf32> {
  %y = nn.conv2d %x, %w {groups = 4 : i64} : (tensor<1x8x8x6xf32>, tensor<8x3x3x1xf32>) -> tensor<1x6x6x8xf32>
  func.return %y : tensor<1x6x6x8xf32>
}

// CHECK: {{.*}}/verify/conv2d-input-channels-groups.mlir:6:3: error: 'nn.conv2d' op input %x has 6 channels, not divisible by groups = 4
