// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// The parameters have the input's element type.

func.func @main(%x: tensor<1x4x4x3xf32>, %s: tensor<3xf32>, %b: tensor<3xf32>, %m: tensor<3xf16>, %v: tensor<3xf32>) -> tensor<1x4x4x3xf32> {
  %y = nn.batch_norm %x, %s, %b, %m, %v : (tensor<1x4x4x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf16>, tensor<3xf32>) -> tensor<1x4x4x3xf32>
  func.return %y : tensor<1x4x4x3xf32>
}

// CHECK: {{.*}}/verify/batch_norm-param-element.mlir:6:3: error: 'nn.batch_norm' op mean %m has element type f16, expected f32 (the element type of the input)
