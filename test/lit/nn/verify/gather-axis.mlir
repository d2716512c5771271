// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// The axis must exist in data.

func.func @main(%d: tensor<5x3xf32>, %i: tensor<2xi64>) -> tensor<2x3xf32> {
  %y = nn.gather %d, %i {axis = 2 : i64} : (tensor<5x3xf32>, tensor<2xi64>) -> tensor<2x3xf32>
  func.return %y : tensor<2x3xf32>
}

// CHECK: {{.*}}/verify/gather-axis.mlir:6:3: error: 'nn.gather' op axis = 2 is out of range for rank 2, expected 0 <= axis < 2
