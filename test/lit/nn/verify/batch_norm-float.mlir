// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// batch_norm is defined on floats.

func.func @main(%x: tensor<2x3xi32>, %s: tensor<3xi32>, %b: tensor<3xi32>, %m: tensor<3xi32>, %v: tensor<3xi32>) -> tensor<2x3xi32> {
  %y = nn.batch_norm %x, %s, %b, %m, %v : (tensor<2x3xi32>, tensor<3xi32>, tensor<3xi32>, tensor<3xi32>, tensor<3xi32>) -> tensor<2x3xi32>
  func.return %y : tensor<2x3xi32>
}

// CHECK: {{.*}}/verify/batch_norm-float.mlir:6:3: error: 'nn.batch_norm' op input %x has element type i32, expected a float type (f16, bf16, f32 or f64)
