// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// The result has the broadcast shape.

func.func @main(%a: tensor<2x1xf32>, %b: tensor<3xf32>) -> tensor<2x1xf32> {
  %y = nn.add %a, %b : (tensor<2x1xf32>, tensor<3xf32>) -> tensor<2x1xf32>
  func.return %y : tensor<2x1xf32>
}

// CHECK: {{.*}}/verify/add-result-shape.mlir:6:3: error: 'nn.add' op result %y has shape [2, 1], expected [2, 3] (the broadcast of lhs and rhs)
