// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// mul shares add's rules.

func.func @main(%a: tensor<1x4xf32>, %b: tensor<3x1xf32>) -> tensor<3x1xf32> {
  %y = nn.mul %a, %b : (tensor<1x4xf32>, tensor<3x1xf32>) -> tensor<3x1xf32>
  func.return %y : tensor<3x1xf32>
}

// CHECK: {{.*}}/verify/mul-result-shape.mlir:6:3: error: 'nn.mul' op result %y has shape [3, 1], expected [3, 4] (the broadcast of lhs and rhs)
