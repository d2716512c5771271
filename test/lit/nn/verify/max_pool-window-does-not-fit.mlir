// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// A window larger than the padded input.

func.func @main(%x: tensor<1x8x8x4xf32>) -> tensor<1x0x6x4xf32> {
  %y = nn.max_pool %x {kernel = array<i64: 3, 3>, dilations = array<i64: 4, 1>} : (tensor<1x8x8x4xf32>) -> tensor<1x0x6x4xf32>
  func.return %y : tensor<1x0x6x4xf32>
}

// CHECK: {{.*}}/verify/max_pool-window-does-not-fit.mlir:6:3: error: 'nn.max_pool' op kernel 3x3 (dilations [4, 1]) does not fit input %x [1, 8, 8, 4] with padding [0, 0, 0, 0]: output would be [1, 0, 6, 4]
