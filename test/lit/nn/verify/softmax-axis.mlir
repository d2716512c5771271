// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// The axis must exist (no negative axes in nn).

func.func @main(%x: tensor<2x10xf32>) -> tensor<2x10xf32> {
  %y = nn.softmax %x {axis = 2 : i64} : tensor<2x10xf32>
  func.return %y : tensor<2x10xf32>
}

// CHECK: {{.*}}/verify/softmax-axis.mlir:6:3: error: 'nn.softmax' op axis = 2 is out of range for rank 2, expected 0 <= axis < 2
