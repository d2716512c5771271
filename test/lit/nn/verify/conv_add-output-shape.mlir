// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// conv_add shares conv2d's shape rules.

func.func @main(%x: tensor<1x8x8x4xf32>, %w: tensor<8x3x3x4xf32>, %a: tensor<1x6x6x8xf32>) -> tensor<1x6x6x8xf32> {
  %y = nn.conv_add %x, %w, %a {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x8x8x4xf32>, tensor<8x3x3x4xf32>, tensor<1x6x6x8xf32>) -> tensor<1x6x6x8xf32>
  func.return %y : tensor<1x6x6x8xf32>
}

// CHECK: {{.*}}/verify/conv_add-output-shape.mlir:6:3: error: 'nn.conv_add' op result %y has shape [1, 6, 6, 8], expected [1, 8, 8, 8] (Ho = (H + pt + pb - dh*(kh-1) - 1) / sh + 1, likewise W)
