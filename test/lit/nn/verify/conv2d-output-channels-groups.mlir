// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// Output channels must divide into the groups.

func.func @main(%x: tensor<1x8x8x8xf32>, %w: tensor<6x3x3x2xf32>) -> tensor<1x6x6x6xf32> {
  %y = nn.conv2d %x, %w {groups = 4 : i64} : (tensor<1x8x8x8xf32>, tensor<6x3x3x2xf32>) -> tensor<1x6x6x6xf32>
  func.return %y : tensor<1x6x6x6xf32>
}

// CHECK: {{.*}}/verify/conv2d-output-channels-groups.mlir:6:3: error: 'nn.conv2d' op weight %w has 6 output channels, not divisible by groups = 4
