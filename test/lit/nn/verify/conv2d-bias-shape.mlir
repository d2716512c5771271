// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// One bias value per output channel.

func.func @main(%x: tensor<1x8x8x4xf32>, %w: tensor<8x3x3x4xf32>, %b: tensor<4xf32>) -> tensor<1x6x6x8xf32> {
  %y = nn.conv2d %x, %w, %b : (tensor<1x8x8x4xf32>, tensor<8x3x3x4xf32>, tensor<4xf32>) -> tensor<1x6x6x8xf32>
  func.return %y : tensor<1x6x6x8xf32>
}

// CHECK: {{.*}}/verify/conv2d-bias-shape.mlir:6:3: error: 'nn.conv2d' op bias %b has shape [4], expected [8] (one value per output channel)
