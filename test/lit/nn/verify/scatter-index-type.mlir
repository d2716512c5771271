// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// Indices are i32 or i64.

func.func @main(%d: tensor<4x3xf32>, %i: tensor<2x3xui32>, %u: tensor<2x3xf32>) -> tensor<4x3xf32> {
  %y = nn.scatter %d, %i, %u {axis = 0 : i64} : (tensor<4x3xf32>, tensor<2x3xui32>, tensor<2x3xf32>) -> tensor<4x3xf32>
  func.return %y : tensor<4x3xf32>
}

// CHECK: {{.*}}/verify/scatter-index-type.mlir:6:3: error: 'nn.scatter' op indices %i has element type ui32, expected i32 or i64
