// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// op(a) and op(b) agree on K (after the transposes).

func.func @main(%a: tensor<3x4xf32>, %b: tensor<4x5xf32>) -> tensor<3x4xf32> {
  %y = nn.gemm %a, %b {trans_b = true} : (tensor<3x4xf32>, tensor<4x5xf32>) -> tensor<3x4xf32>
  func.return %y : tensor<3x4xf32>
}

// CHECK: {{.*}}/verify/gemm-contraction.mlir:6:3: error: 'nn.gemm' op a %a [3, 4] gives [M, K] = [3, 4] but b %b [4, 5] transposed gives [K, N] = [5, 4]: K differs (4 vs 5)
