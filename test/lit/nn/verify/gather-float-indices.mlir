// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// Float indices are rejected.

func.func @main(%d: tensor<5x3xf32>, %i: tensor<2xf32>) -> tensor<2x3xf32> {
  %y = nn.gather %d, %i {axis = 0 : i64} : (tensor<5x3xf32>, tensor<2xf32>) -> tensor<2x3xf32>
  func.return %y : tensor<2x3xf32>
}

// CHECK: {{.*}}/verify/gather-float-indices.mlir:6:3: error: 'nn.gather' op indices %i has element type f32, expected i32 or i64
