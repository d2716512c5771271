// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// scale, bias, mean and variance have one value per channel (last axis).

func.func @main(%x: tensor<1x4x4x3xf32>, %s: tensor<4xf32>, %b: tensor<4xf32>, %m: tensor<4xf32>, %v: tensor<4xf32>) -> tensor<1x4x4x3xf32> {
  %y = nn.batch_norm %x, %s, %b, %m, %v : (tensor<1x4x4x3xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x4x3xf32>
  func.return %y : tensor<1x4x4x3xf32>
}

// CHECK: {{.*}}/verify/batch_norm-param-shape.mlir:6:3: error: 'nn.batch_norm' op scale %s has shape [4], expected [3] (one value per channel, the last axis)
