// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// The result is [M, N].

func.func @main(%a: tensor<3x4xf32>, %b: tensor<5x4xf32>) -> tensor<5x3xf32> {
  %y = nn.gemm %a, %b {trans_b = true} : (tensor<3x4xf32>, tensor<5x4xf32>) -> tensor<5x3xf32>
  func.return %y : tensor<5x3xf32>
}

// CHECK: {{.*}}/verify/gemm-result-shape.mlir:6:3: error: 'nn.gemm' op result %y has shape [5, 3], expected [3, 5] ([M, N])
