// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// A kernel extent of 0 is rejected.

func.func @main(%x: tensor<1x8x8x4xf32>) -> tensor<1x6x6x4xf32> {
  %y = nn.max_pool %x {kernel = array<i64: 0, 3>} : (tensor<1x8x8x4xf32>) -> tensor<1x6x6x4xf32>
  func.return %y : tensor<1x6x6x4xf32>
}

// CHECK: {{.*}}/verify/max_pool-kernel-positive.mlir:6:3: error: 'nn.max_pool' op kernel = [0, 3] has an entry below 1, expected every entry >= 1
