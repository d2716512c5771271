// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// The bias has the input's or the result's element type.

func.func @main(%x: tensor<1x8x8x4xf16>, %w: tensor<8x3x3x4xf16>, %b: tensor<8xbf16>) -> tensor<1x6x6x8xf32> {
  %y = nn.conv2d %x, %w, %b : (tensor<1x8x8x4xf16>, tensor<8x3x3x4xf16>, tensor<8xbf16>) -> tensor<1x6x6x8xf32>
  func.return %y : tensor<1x6x6x8xf32>
}

// CHECK: {{.*}}/verify/conv2d-bias-element.mlir:6:3: error: 'nn.conv2d' op bias %b has element type bf16, expected f16 or f32 (the element type of the input or of the result)
