// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// softmax is defined on floats.

func.func @main(%x: tensor<2x10xi64>) -> tensor<2x10xi64> {
  %y = nn.softmax %x {axis = 1 : i64} : tensor<2x10xi64>
  func.return %y : tensor<2x10xi64>
}

// CHECK: {{.*}}/verify/softmax-float.mlir:6:3: error: 'nn.softmax' op input %x has element type i64, expected a float type (f16, bf16, f32 or f64)
