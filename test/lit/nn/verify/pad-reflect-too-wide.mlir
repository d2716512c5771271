// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// Reflect padding must be smaller than the axis.

func.func @main(%x: tensor<3x4xf32>, %v: tensor<f32>) -> tensor<6x4xf32> {
  %y = nn.pad %x, %v {low = array<i64: 3, 0>, high = array<i64: 0, 0>, mode = #nn.pad_mode<reflect>} : (tensor<3x4xf32>, tensor<f32>) -> tensor<6x4xf32>
  func.return %y : tensor<6x4xf32>
}

// CHECK: {{.*}}/verify/pad-reflect-too-wide.mlir:6:3: error: 'nn.pad' op mode reflect pads axis 0 by 3 but input %x has 3 elements there, expected padding < 3 (reflection excludes the edge)
