// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// pad keeps the element type.

func.func @main(%x: tensor<3x4xf32>, %v: tensor<f32>) -> tensor<5x4xf16> {
  %y = nn.pad %x, %v {low = array<i64: 1, 0>, high = array<i64: 1, 0>} : (tensor<3x4xf32>, tensor<f32>) -> tensor<5x4xf16>
  func.return %y : tensor<5x4xf16>
}

// CHECK: {{.*}}/verify/pad-result-element.mlir:6:3: error: 'nn.pad' op result %y has element type f16, expected f32 (the element type of the input)
