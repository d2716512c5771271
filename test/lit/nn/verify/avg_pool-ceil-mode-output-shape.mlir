// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// ceil_mode rounds up, but a last window may not start in the end padding.

func.func @main(%x: tensor<1x4x4x1xf32>) -> tensor<1x3x3x1xf32> {
  %y = nn.avg_pool %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, padding = array<i64: 0, 1, 0, 1>, ceil_mode = true} : (tensor<1x4x4x1xf32>) -> tensor<1x3x3x1xf32>
  func.return %y : tensor<1x3x3x1xf32>
}

// CHECK: {{.*}}/verify/avg_pool-ceil-mode-output-shape.mlir:6:3: error: 'nn.avg_pool' op result %y has shape [1, 3, 3, 1], expected [1, 2, 2, 1] (ceil mode: Ho = ceil((H + pt + pb - dh*(kh-1) - 1) / sh) + 1, less one if the last window would start in the bottom padding; likewise W)
