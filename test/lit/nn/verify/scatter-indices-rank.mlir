// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// indices have the data's rank.

func.func @main(%d: tensor<4x3xf32>, %i: tensor<3xi64>, %u: tensor<3xf32>) -> tensor<4x3xf32> {
  %y = nn.scatter %d, %i, %u {axis = 0 : i64} : (tensor<4x3xf32>, tensor<3xi64>, tensor<3xf32>) -> tensor<4x3xf32>
  func.return %y : tensor<4x3xf32>
}

// CHECK: {{.*}}/verify/scatter-indices-rank.mlir:6:3: error: 'nn.scatter' op indices %i has rank 1 (shape [3]), expected rank 2 (the rank of data)
