// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// Spatial properties are i64 arrays (a parse-time constraint, reported at the op).

func.func @main(%x: tensor<1x8x8x4xf32>, %w: tensor<8x3x3x4xf32>) -> tensor<1x6x6x8xf32> {
  %y = nn.conv2d %x, %w {strides = array<i32: 1, 1>} : (tensor<1x8x8x4xf32>, tensor<8x3x3x4xf32>) -> tensor<1x6x6x8xf32>
  func.return %y : tensor<1x6x6x8xf32>
}

// CHECK: {{.*}}/verify/conv2d-strides-i32.mlir:6:3: error: 'nn.conv2d' op Expected attribute i64 but got i32
