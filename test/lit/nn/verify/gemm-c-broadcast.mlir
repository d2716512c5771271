// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// c broadcasts to [M, N].

func.func @main(%a: tensor<4x3xf32>, %b: tensor<4x5xf32>, %c: tensor<4x5xf32>) -> tensor<3x5xf32> {
  %y = nn.gemm %a, %b, %c {trans_a = true} : (tensor<4x3xf32>, tensor<4x5xf32>, tensor<4x5xf32>) -> tensor<3x5xf32>
  func.return %y : tensor<3x5xf32>
}

// CHECK: {{.*}}/verify/gemm-c-broadcast.mlir:6:3: error: 'nn.gemm' op c %c shape [4, 5] does not broadcast to [3, 5]
