// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// The result is data[:axis] + indices + data[axis+1:].

func.func @main(%d: tensor<5x3xf32>, %i: tensor<2x2xi64>) -> tensor<5x2x3xf32> {
  %y = nn.gather %d, %i {axis = 1 : i64} : (tensor<5x3xf32>, tensor<2x2xi64>) -> tensor<5x2x3xf32>
  func.return %y : tensor<5x2x3xf32>
}

// CHECK: {{.*}}/verify/gather-result-shape.mlir:6:3: error: 'nn.gather' op result %y has shape [5, 2, 3], expected [5, 2, 2] (data[:axis] + indices + data[axis+1:])
