// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// broadcast never drops axes.

func.func @main(%x: tensor<1x1x4xf32>) -> tensor<1x4xf32> {
  %y = nn.broadcast %x : (tensor<1x1x4xf32>) -> tensor<1x4xf32>
  func.return %y : tensor<1x4xf32>
}

// CHECK: {{.*}}/verify/broadcast-rank.mlir:6:3: error: 'nn.broadcast' op input %x shape [1, 1, 4] does not broadcast to [1, 4]
