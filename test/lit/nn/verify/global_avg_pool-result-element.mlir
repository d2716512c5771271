// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// The result has the input's element type.

func.func @main(%x: tensor<1x8x8x4xf32>) -> tensor<1x1x1x4xf16> {
  %y = nn.global_avg_pool %x : (tensor<1x8x8x4xf32>) -> tensor<1x1x1x4xf16>
  func.return %y : tensor<1x1x1x4xf16>
}

// CHECK: {{.*}}/verify/global_avg_pool-result-element.mlir:6:3: error: 'nn.global_avg_pool' op result %y has element type f16, expected f32 (the element type of the input)
