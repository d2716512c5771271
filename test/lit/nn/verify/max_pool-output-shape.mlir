// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// Floor mode output shape.

func.func @main(%x: tensor<1x8x8x4xf32>) -> tensor<1x4x4x4xf32> {
  %y = nn.max_pool %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>} : (tensor<1x8x8x4xf32>) -> tensor<1x4x4x4xf32>
  func.return %y : tensor<1x4x4x4xf32>
}

// CHECK: {{.*}}/verify/max_pool-output-shape.mlir:6:3: error: 'nn.max_pool' op result %y has shape [1, 4, 4, 4], expected [1, 3, 3, 4] (Ho = (H + pt + pb - dh*(kh-1) - 1) / sh + 1, likewise W)
