// Plain xdsl-opt knows the nn dialect through nnpipe's `xdsl.universe` entry point
// (no nnpipe tool involved): it parses, verifies and prints nn ops and attributes.
// RUN: xdsl-opt %s | filecheck %s
// RUN: xdsl-opt %s --print-op-generic | xdsl-opt | filecheck %s
// RUN: xdsl-opt %s --print-op-generic | filecheck %s --check-prefix=GENERIC

// CHECK-LABEL: func.func @main
// CHECK-NEXT:    %c = nn.conv_add %x, %w, %a {padding = array<i64: 1, 1, 1, 1>, activation = #nn.activation<relu>} : (tensor<1x8x8x4xf32>, tensor<8x3x3x4xf32>, tensor<1x8x8x8xf32>) -> tensor<1x8x8x8xf32>
// CHECK-NEXT:    %p = nn.max_pool %c {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x8x8x8xf32>) -> tensor<1x4x4x8xf32>
// CHECK-NEXT:    func.return %p
// GENERIC:       "nn.conv_add"(%x, %w, %a) <{padding = array<i64: 1, 1, 1, 1>, activation = #nn.activation<relu>}>
func.func @main(%x: tensor<1x8x8x4xf32>, %w: tensor<8x3x3x4xf32>, %a: tensor<1x8x8x8xf32>) -> tensor<1x4x4x8xf32> {
  %c = nn.conv_add %x, %w, %a {padding = array<i64: 1, 1, 1, 1>, activation = #nn.activation<relu>} : (tensor<1x8x8x4xf32>, tensor<8x3x3x4xf32>, tensor<1x8x8x8xf32>) -> tensor<1x8x8x8xf32>
  %p = nn.max_pool %c {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x8x8x8xf32>) -> tensor<1x4x4x8xf32>
  func.return %p : tensor<1x4x4x8xf32>
}
