// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// Indices are i32 or i64.

func.func @main(%d: tensor<5x3xf32>, %i: tensor<2xi16>) -> tensor<2x3xf32> {
  %y = nn.gather %d, %i {axis = 0 : i64} : (tensor<5x3xf32>, tensor<2xi16>) -> tensor<2x3xf32>
  func.return %y : tensor<2x3xf32>
}

// CHECK: {{.*}}/verify/gather-index-type.mlir:6:3: error: 'nn.gather' op indices %i has element type i16, expected i32 or i64
