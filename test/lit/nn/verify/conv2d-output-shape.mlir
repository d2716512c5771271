// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// The result shape follows Ho = (H + pt + pb - dh*(kh-1) - 1) / sh + 1.

func.func @main(%x: tensor<1x8x8x4xf32>, %w: tensor<8x3x3x4xf32>) -> tensor<1x3x4x8xf32> {
  %y = nn.conv2d %x, %w {strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>} : (tensor<1x8x8x4xf32>, tensor<8x3x3x4xf32>) -> tensor<1x3x4x8xf32>
  func.return %y : tensor<1x3x4x8xf32>
}

// CHECK: {{.*}}/verify/conv2d-output-shape.mlir:6:3: error: 'nn.conv2d' op result %y has shape [1, 3, 4, 8], expected [1, 4, 4, 8] (Ho = (H + pt + pb - dh*(kh-1) - 1) / sh + 1, likewise W)
