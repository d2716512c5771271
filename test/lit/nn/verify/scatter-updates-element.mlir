// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// updates have the data's element type.

func.func @main(%d: tensor<4x3xf32>, %i: tensor<2x3xi64>, %u: tensor<2x3xf16>) -> tensor<4x3xf32> {
  %y = nn.scatter %d, %i, %u {axis = 0 : i64} : (tensor<4x3xf32>, tensor<2x3xi64>, tensor<2x3xf16>) -> tensor<4x3xf32>
  func.return %y : tensor<4x3xf32>
}

// CHECK: {{.*}}/verify/scatter-updates-element.mlir:6:3: error: 'nn.scatter' op updates %u has element type f16, expected f32 (the element type of data)
