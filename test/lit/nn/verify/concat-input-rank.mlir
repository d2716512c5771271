// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// Every input has the first input's rank.

func.func @main(%i0: tensor<2x3xf32>, %i1: tensor<2x3x1xf32>) -> tensor<2x6xf32> {
  %y = nn.concat %i0, %i1 {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x3x1xf32>) -> tensor<2x6xf32>
  func.return %y : tensor<2x6xf32>
}

// CHECK: {{.*}}/verify/concat-input-rank.mlir:6:3: error: 'nn.concat' op input #1 %i1 has rank 3, expected 2 (the rank of the first input)
