// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// Pooling is on floats.

func.func @main(%x: tensor<1x8x8x4xi32>) -> tensor<1x6x6x4xi32> {
  %y = nn.max_pool %x {kernel = array<i64: 3, 3>} : (tensor<1x8x8x4xi32>) -> tensor<1x6x6x4xi32>
  func.return %y : tensor<1x6x6x4xi32>
}

// CHECK: {{.*}}/verify/max_pool-float.mlir:6:3: error: 'nn.max_pool' op input %x has element type i32, expected a float type (f16, bf16, f32 or f64)
