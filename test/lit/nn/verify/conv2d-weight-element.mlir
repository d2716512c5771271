// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// Input and weight share one element type.

func.func @main(%x: tensor<1x8x8x4xf32>, %w: tensor<8x3x3x4xf16>) -> tensor<1x6x6x8xf32> {
  %y = nn.conv2d %x, %w : (tensor<1x8x8x4xf32>, tensor<8x3x3x4xf16>) -> tensor<1x6x6x8xf32>
  func.return %y : tensor<1x6x6x8xf32>
}

// CHECK: {{.*}}/verify/conv2d-weight-element.mlir:6:3: error: 'nn.conv2d' op weight %w has element type f16, expected f32 (the element type of the input)
