// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// kernel is required.

func.func @main(%x: tensor<1x8x8x4xf32>) -> tensor<1x6x6x4xf32> {
  %y = nn.max_pool %x : (tensor<1x8x8x4xf32>) -> tensor<1x6x6x4xf32>
  func.return %y : tensor<1x6x6x4xf32>
}

// CHECK: {{.*}}/verify/max_pool-missing-kernel.mlir:6:3: error: 'nn.max_pool' op property 'kernel' expected in operation 'nn.max_pool'
