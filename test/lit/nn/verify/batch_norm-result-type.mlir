// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// The result has the input's type.

func.func @main(%x: tensor<1x4x4x3xf32>, %s: tensor<3xf32>, %b: tensor<3xf32>, %m: tensor<3xf32>, %v: tensor<3xf32>) -> tensor<1x4x4x3xf16> {
  %y = nn.batch_norm %x, %s, %b, %m, %v : (tensor<1x4x4x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x4x4x3xf16>
  func.return %y : tensor<1x4x4x3xf16>
}

// CHECK: {{.*}}/verify/batch_norm-result-type.mlir:6:3: error: 'nn.batch_norm' op result %y has type tensor<1x4x4x3xf16>, expected tensor<1x4x4x3xf32> (the input type)
