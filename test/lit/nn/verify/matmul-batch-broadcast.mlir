// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// Batch dimensions broadcast.

func.func @main(%a: tensor<2x3x4xf32>, %b: tensor<3x4x5xf32>) -> tensor<2x3x5xf32> {
  %y = nn.matmul %a, %b : (tensor<2x3x4xf32>, tensor<3x4x5xf32>) -> tensor<2x3x5xf32>
  func.return %y : tensor<2x3x5xf32>
}

// CHECK: {{.*}}/verify/matmul-batch-broadcast.mlir:6:3: error: 'nn.matmul' op lhs %a batch dimensions [2] and rhs %b batch dimensions [3] do not broadcast
