// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// relu is defined on floats.

func.func @main(%x: tensor<4xi32>) -> tensor<4xi32> {
  %y = nn.relu %x : tensor<4xi32>
  func.return %y : tensor<4xi32>
}

// CHECK: {{.*}}/verify/relu-float.mlir:6:3: error: 'nn.relu' op input %x has element type i32, expected a float type (f16, bf16, f32 or f64)
