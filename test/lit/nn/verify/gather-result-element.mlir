// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// gather keeps the data's element type.

func.func @main(%d: tensor<5x3xf32>, %i: tensor<2xi64>) -> tensor<2x3xf16> {
  %y = nn.gather %d, %i {axis = 0 : i64} : (tensor<5x3xf32>, tensor<2xi64>) -> tensor<2x3xf16>
  func.return %y : tensor<2x3xf16>
}

// CHECK: {{.*}}/verify/gather-result-element.mlir:6:3: error: 'nn.gather' op result %y has element type f16, expected f32 (the element type of data)
