// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// kernel is (kh, kw).

func.func @main(%x: tensor<1x8x8x4xf32>) -> tensor<1x6x6x4xf32> {
  %y = nn.max_pool %x {kernel = array<i64: 3>} : (tensor<1x8x8x4xf32>) -> tensor<1x6x6x4xf32>
  func.return %y : tensor<1x6x6x4xf32>
}

// CHECK: {{.*}}/verify/max_pool-kernel-length.mlir:6:3: error: 'nn.max_pool' op kernel = [3] has 1 entry, expected 2 (h, w)
