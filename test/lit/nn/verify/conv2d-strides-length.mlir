// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// strides has one entry per spatial axis (h, w).

func.func @main(%x: tensor<1x8x8x4xf32>, %w: tensor<8x3x3x4xf32>) -> tensor<1x6x6x8xf32> {
  %y = nn.conv2d %x, %w {strides = array<i64: 1>} : (tensor<1x8x8x4xf32>, tensor<8x3x3x4xf32>) -> tensor<1x6x6x8xf32>
  func.return %y : tensor<1x6x6x8xf32>
}

// CHECK: {{.*}}/verify/conv2d-strides-length.mlir:6:3: error: 'nn.conv2d' op strides = [1] has 1 entry, expected 2 (h, w)
