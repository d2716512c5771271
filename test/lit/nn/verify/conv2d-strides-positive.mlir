// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// A stride of 0 is rejected.

func.func @main(%x: tensor<1x8x8x4xf32>, %w: tensor<8x3x3x4xf32>) -> tensor<1x6x6x8xf32> {
  %y = nn.conv2d %x, %w {strides = array<i64: 0, 1>} : (tensor<1x8x8x4xf32>, tensor<8x3x3x4xf32>) -> tensor<1x6x6x8xf32>
  func.return %y : tensor<1x6x6x8xf32>
}

// CHECK: {{.*}}/verify/conv2d-strides-positive.mlir:6:3: error: 'nn.conv2d' op strides = [0, 1] has an entry below 1, expected every entry >= 1
