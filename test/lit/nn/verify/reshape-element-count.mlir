// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// A reshape keeps the element count.

func.func @main(%x: tensor<2x3x4xf32>) -> tensor<5x5xf32> {
  %y = nn.reshape %x : (tensor<2x3x4xf32>) -> tensor<5x5xf32>
  func.return %y : tensor<5x5xf32>
}

// CHECK: {{.*}}/verify/reshape-element-count.mlir:6:3: error: 'nn.reshape' op result %y has 25 elements [5, 5], input %x has 24 [2, 3, 4]: a reshape keeps the element count
