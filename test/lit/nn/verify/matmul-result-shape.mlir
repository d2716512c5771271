// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// NumPy's shape rules, including dropped vector axes.

func.func @main(%a: tensor<4xf32>, %b: tensor<2x4x5xf32>) -> tensor<2x1x5xf32> {
  %y = nn.matmul %a, %b : (tensor<4xf32>, tensor<2x4x5xf32>) -> tensor<2x1x5xf32>
  func.return %y : tensor<2x1x5xf32>
}

// CHECK: {{.*}}/verify/matmul-result-shape.mlir:6:3: error: 'nn.matmul' op result %y has shape [2, 1, 5], expected [2, 5] (NumPy matmul shape rules)
