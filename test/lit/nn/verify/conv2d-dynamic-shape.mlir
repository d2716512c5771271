// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// nn tensors have static shapes.

func.func @main(%x: tensor<?x8x8x4xf32>, %w: tensor<8x3x3x4xf32>) -> tensor<?x6x6x8xf32> {
  %y = nn.conv2d %x, %w : (tensor<?x8x8x4xf32>, tensor<8x3x3x4xf32>) -> tensor<?x6x6x8xf32>
  func.return %y : tensor<?x6x6x8xf32>
}

// CHECK: {{.*}}/verify/conv2d-dynamic-shape.mlir:6:3: error: 'nn.conv2d' op operand #0 %x has type tensor<?x8x8x4xf32>, expected a static shape (nn tensors have no dynamic dimensions)
