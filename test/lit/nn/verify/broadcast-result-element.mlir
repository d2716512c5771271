// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// broadcast keeps the element type.

func.func @main(%x: tensor<4xf32>) -> tensor<2x4xf16> {
  %y = nn.broadcast %x : (tensor<4xf32>) -> tensor<2x4xf16>
  func.return %y : tensor<2x4xf16>
}

// CHECK: {{.*}}/verify/broadcast-result-element.mlir:6:3: error: 'nn.broadcast' op result %y has element type f16, expected f32 (the element type of the input)
