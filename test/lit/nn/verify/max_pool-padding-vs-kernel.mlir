// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// Padding smaller than the kernel on every side (ONNX).

func.func @main(%x: tensor<1x8x8x4xf32>) -> tensor<1x6x9x4xf32> {
  %y = nn.max_pool %x {kernel = array<i64: 3, 3>, padding = array<i64: 0, 0, 3, 0>} : (tensor<1x8x8x4xf32>) -> tensor<1x6x9x4xf32>
  func.return %y : tensor<1x6x9x4xf32>
}

// CHECK: {{.*}}/verify/max_pool-padding-vs-kernel.mlir:6:3: error: 'nn.max_pool' op padding [0, 0, 3, 0] must be smaller than the kernel 3x3 on every side (else a window could lie entirely in the padding)
