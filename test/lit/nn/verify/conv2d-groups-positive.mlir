// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// groups must be at least 1.

func.func @main(%x: tensor<1x8x8x4xf32>, %w: tensor<8x3x3x4xf32>) -> tensor<1x6x6x8xf32> {
  %y = nn.conv2d %x, %w {groups = 0 : i64} : (tensor<1x8x8x4xf32>, tensor<8x3x3x4xf32>) -> tensor<1x6x6x8xf32>
  func.return %y : tensor<1x6x6x8xf32>
}

// CHECK: {{.*}}/verify/conv2d-groups-positive.mlir:6:3: error: 'nn.conv2d' op groups = 0, expected a positive group count
