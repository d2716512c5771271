// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// padding is [top, bottom, left, right].

func.func @main(%x: tensor<1x8x8x4xf32>, %w: tensor<8x3x3x4xf32>) -> tensor<1x6x6x8xf32> {
  %y = nn.conv2d %x, %w {padding = array<i64: 1, 1>} : (tensor<1x8x8x4xf32>, tensor<8x3x3x4xf32>) -> tensor<1x6x6x8xf32>
  func.return %y : tensor<1x6x6x8xf32>
}

// CHECK: {{.*}}/verify/conv2d-padding-length.mlir:6:3: error: 'nn.conv2d' op padding = [1, 1] has 2 entries, expected 4 (top, bottom, left, right)
