// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// The pad value is a 0-d tensor.

func.func @main(%x: tensor<3x4xf32>, %v: tensor<1xf32>) -> tensor<5x4xf32> {
  %y = nn.pad %x, %v {low = array<i64: 1, 0>, high = array<i64: 1, 0>} : (tensor<3x4xf32>, tensor<1xf32>) -> tensor<5x4xf32>
  func.return %y : tensor<5x4xf32>
}

// CHECK: {{.*}}/verify/pad-value-shape.mlir:6:3: error: 'nn.pad' op value %v has shape [1], expected [] (the pad value is a 0-d tensor)
