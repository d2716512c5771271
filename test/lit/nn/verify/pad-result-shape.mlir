// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// The result is input + low + high.

func.func @main(%x: tensor<3x4xf32>, %v: tensor<f32>) -> tensor<5x5xf32> {
  %y = nn.pad %x, %v {low = array<i64: 1, 0>, high = array<i64: 1, 0>, mode = #nn.pad_mode<wrap>} : (tensor<3x4xf32>, tensor<f32>) -> tensor<5x5xf32>
  func.return %y : tensor<5x5xf32>
}

// CHECK: {{.*}}/verify/pad-result-shape.mlir:6:3: error: 'nn.pad' op result %y has shape [5, 5], expected [5, 4] (input + low + high)
