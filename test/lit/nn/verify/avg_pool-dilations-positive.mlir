// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// A dilation of 0 is rejected.

func.func @main(%x: tensor<1x8x8x4xf32>) -> tensor<1x6x6x4xf32> {
  %y = nn.avg_pool %x {kernel = array<i64: 3, 3>, dilations = array<i64: 0, 1>} : (tensor<1x8x8x4xf32>) -> tensor<1x6x6x4xf32>
  func.return %y : tensor<1x6x6x4xf32>
}

// CHECK: {{.*}}/verify/avg_pool-dilations-positive.mlir:6:3: error: 'nn.avg_pool' op dilations = [0, 1] has an entry below 1, expected every entry >= 1
