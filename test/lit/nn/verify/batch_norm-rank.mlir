// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// The input needs a channel axis.

func.func @main(%x: tensor<f32>, %s: tensor<1xf32>, %b: tensor<1xf32>, %m: tensor<1xf32>, %v: tensor<1xf32>) -> tensor<f32> {
  %y = nn.batch_norm %x, %s, %b, %m, %v : (tensor<f32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<f32>
  func.return %y : tensor<f32>
}

// CHECK: {{.*}}/verify/batch_norm-rank.mlir:6:3: error: 'nn.batch_norm' op input %x has rank 0, expected rank >= 1 (the last axis holds the channels)
