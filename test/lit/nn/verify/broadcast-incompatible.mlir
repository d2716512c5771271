// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// The input must broadcast to the result shape.

func.func @main(%x: tensor<3x2xf32>) -> tensor<4x3x3xf32> {
  %y = nn.broadcast %x : (tensor<3x2xf32>) -> tensor<4x3x3xf32>
  func.return %y : tensor<4x3x3xf32>
}

// CHECK: {{.*}}/verify/broadcast-incompatible.mlir:6:3: error: 'nn.broadcast' op input %x shape [3, 2] does not broadcast to [4, 3, 3]
