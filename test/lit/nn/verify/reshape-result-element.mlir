// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// A reshape keeps the element type.

func.func @main(%x: tensor<2x3xf32>) -> tensor<6xbf16> {
  %y = nn.reshape %x : (tensor<2x3xf32>) -> tensor<6xbf16>
  func.return %y : tensor<6xbf16>
}

// CHECK: {{.*}}/verify/reshape-result-element.mlir:6:3: error: 'nn.reshape' op result %y has element type bf16, expected f32 (the element type of the input)
