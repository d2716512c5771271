// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// Shapes must broadcast (NumPy rules).

func.func @main(%a: tensor<2x3xf32>, %b: tensor<2xf32>) -> tensor<2x3xf32> {
  %y = nn.add %a, %b : (tensor<2x3xf32>, tensor<2xf32>) -> tensor<2x3xf32>
  func.return %y : tensor<2x3xf32>
}

// CHECK: {{.*}}/verify/add-broadcast.mlir:6:3: error: 'nn.add' op lhs %a shape [2, 3] and rhs %b shape [2] do not broadcast
