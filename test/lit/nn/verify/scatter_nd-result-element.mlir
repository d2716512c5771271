// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// The result has the data's element type.

func.func @main(%d: tensor<4x3xf32>, %i: tensor<2x1xi64>, %u: tensor<2x3xf32>) -> tensor<4x3xf16> {
  %y = nn.scatter_nd %d, %i, %u : (tensor<4x3xf32>, tensor<2x1xi64>, tensor<2x3xf32>) -> tensor<4x3xf16>
  func.return %y : tensor<4x3xf16>
}

// CHECK: {{.*}}/verify/scatter_nd-result-element.mlir:6:3: error: 'nn.scatter_nd' op result %y has element type f16, expected f32 (the element type of data)
