// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// sub shares add's rules.

func.func @main(%a: tensor<4x3xf32>, %b: tensor<4x1x2xf32>) -> tensor<4x4x3xf32> {
  %y = nn.sub %a, %b : (tensor<4x3xf32>, tensor<4x1x2xf32>) -> tensor<4x4x3xf32>
  func.return %y : tensor<4x4x3xf32>
}

// CHECK: {{.*}}/verify/sub-broadcast.mlir:6:3: error: 'nn.sub' op lhs %a shape [4, 3] and rhs %b shape [4, 1, 2] do not broadcast
