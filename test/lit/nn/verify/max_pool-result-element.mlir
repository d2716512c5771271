// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// The result has the input's element type.

func.func @main(%x: tensor<1x8x8x4xf32>) -> tensor<1x6x6x4xf16> {
  %y = nn.max_pool %x {kernel = array<i64: 3, 3>} : (tensor<1x8x8x4xf32>) -> tensor<1x6x6x4xf16>
  func.return %y : tensor<1x6x6x4xf16>
}

// CHECK: {{.*}}/verify/max_pool-result-element.mlir:6:3: error: 'nn.max_pool' op result %y has element type f16, expected f32 (the element type of the input)
