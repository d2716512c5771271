// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// global_avg_pool is on floats.

func.func @main(%x: tensor<1x8x8x4xi32>) -> tensor<1x1x1x4xi32> {
  %y = nn.global_avg_pool %x : (tensor<1x8x8x4xi32>) -> tensor<1x1x1x4xi32>
  func.return %y : tensor<1x1x1x4xi32>
}

// CHECK: {{.*}}/verify/global_avg_pool-float.mlir:6:3: error: 'nn.global_avg_pool' op input %x has element type i32, expected a float type (f16, bf16, f32 or f64)
