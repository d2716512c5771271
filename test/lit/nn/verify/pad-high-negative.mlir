// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// Padding is non-negative (nn.slice crops).

func.func @main(%x: tensor<3x4xf32>, %v: tensor<f32>) -> tensor<4x3xf32> {
  %y = nn.pad %x, %v {low = array<i64: 1, 0>, high = array<i64: 0, -1>} : (tensor<3x4xf32>, tensor<f32>) -> tensor<4x3xf32>
  func.return %y : tensor<4x3xf32>
}

// CHECK: {{.*}}/verify/pad-high-negative.mlir:6:3: error: 'nn.pad' op high = [0, -1] has an entry below 0, expected every entry >= 0
