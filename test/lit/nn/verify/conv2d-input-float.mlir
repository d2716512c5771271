// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// Convolution is on floats.

func.func @main(%x: tensor<1x8x8x4xi32>, %w: tensor<8x3x3x4xi32>) -> tensor<1x6x6x8xf32> {
  %y = nn.conv2d %x, %w : (tensor<1x8x8x4xi32>, tensor<8x3x3x4xi32>) -> tensor<1x6x6x8xf32>
  func.return %y : tensor<1x6x6x8xf32>
}

// CHECK: {{.*}}/verify/conv2d-input-float.mlir:6:3: error: 'nn.conv2d' op input %x has element type i32, expected a float type (f16, bf16, f32 or f64)
