// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// padding is [top, bottom, left, right].

func.func @main(%x: tensor<1x8x8x4xf32>) -> tensor<1x6x6x4xf32> {
  %y = nn.avg_pool %x {kernel = array<i64: 3, 3>, padding = array<i64: 1, 1>} : (tensor<1x8x8x4xf32>) -> tensor<1x6x6x4xf32>
  func.return %y : tensor<1x6x6x4xf32>
}

// CHECK: {{.*}}/verify/avg_pool-padding-length.mlir:6:3: error: 'nn.avg_pool' op padding = [1, 1] has 2 entries, expected 4 (top, bottom, left, right)
