// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// The pad value has the input's element type.

func.func @main(%x: tensor<3x4xf32>, %v: tensor<f16>) -> tensor<5x4xf32> {
  %y = nn.pad %x, %v {low = array<i64: 1, 0>, high = array<i64: 1, 0>} : (tensor<3x4xf32>, tensor<f16>) -> tensor<5x4xf32>
  func.return %y : tensor<5x4xf32>
}

// CHECK: {{.*}}/verify/pad-value-element.mlir:6:3: error: 'nn.pad' op value %v has element type f16, expected f32 (the element type of the input)
