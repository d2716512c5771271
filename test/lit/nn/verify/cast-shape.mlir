// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// A cast keeps the shape.

func.func @main(%x: tensor<2x3xf32>) -> tensor<3x2xf16> {
  %y = nn.cast %x : tensor<2x3xf32> to tensor<3x2xf16>
  func.return %y : tensor<3x2xf16>
}

// CHECK: {{.*}}/verify/cast-shape.mlir:6:3: error: 'nn.cast' op result %y has shape [3, 2], expected [2, 3] (a cast keeps the shape)
