// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// Outside the axis, indices may not be larger than data.

func.func @main(%d: tensor<4x3xf32>, %i: tensor<2x4xi64>, %u: tensor<2x4xf32>) -> tensor<4x3xf32> {
  %y = nn.scatter %d, %i, %u {axis = 0 : i64, reduction = #nn.reduction<add>} : (tensor<4x3xf32>, tensor<2x4xi64>, tensor<2x4xf32>) -> tensor<4x3xf32>
  func.return %y : tensor<4x3xf32>
}

// CHECK: {{.*}}/verify/scatter-indices-larger-than-data.mlir:6:3: error: 'nn.scatter' op indices %i has shape [2, 4], larger than data %d [4, 3] on axis 1, expected at most 3 there (off the scatter axis 0, an index's position addresses data directly)
