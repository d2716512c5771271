// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// low has one entry per axis.

func.func @main(%x: tensor<3x4xf32>, %v: tensor<f32>) -> tensor<5x4xf32> {
  %y = nn.pad %x, %v {low = array<i64: 1>, high = array<i64: 1, 0>} : (tensor<3x4xf32>, tensor<f32>) -> tensor<5x4xf32>
  func.return %y : tensor<5x4xf32>
}

// CHECK: {{.*}}/verify/pad-low-length.mlir:6:3: error: 'nn.pad' op low = [1] has 1 entry, expected 2 (one per axis)
