// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// Only element types with a NumPy equivalent.

func.func @main(%x: tensor<4xf32>) -> tensor<4xi4> {
  %y = nn.cast %x : tensor<4xf32> to tensor<4xi4>
  func.return %y : tensor<4xi4>
}

// CHECK: {{.*}}/verify/cast-element-type.mlir:6:3: error: 'nn.cast' op result %y has element type i4, expected one of f16, bf16, f32, f64, i1, i8, i16, i32, i64, ui8
