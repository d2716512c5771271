// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// edge (and wrap) cannot pad an empty axis: there is no element to repeat.

func.func @main(%x: tensor<0x4xf32>, %v: tensor<f32>) -> tensor<2x4xf32> {
  %y = nn.pad %x, %v {low = array<i64: 1, 0>, high = array<i64: 1, 0>, mode = #nn.pad_mode<edge>} : (tensor<0x4xf32>, tensor<f32>) -> tensor<2x4xf32>
  func.return %y : tensor<2x4xf32>
}

// CHECK: {{.*}}/verify/pad-edge-empty-axis.mlir:6:3: error: 'nn.pad' op mode edge pads axis 0 of input %x, which is empty: only constant mode can pad an empty axis
