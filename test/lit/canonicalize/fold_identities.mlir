// RUN: nnpipe-opt %s -p canonicalize | filecheck %s

// Identity casts, transposes and reshapes fold away; chains compose.

// CHECK-LABEL: func.func @identities
// CHECK-NEXT:    func.return %x : tensor<2x3x4xf32>
func.func @identities(%x: tensor<2x3x4xf32>) -> tensor<2x3x4xf32> {
  %a = nn.cast %x : tensor<2x3x4xf32> to tensor<2x3x4xf32>
  %b = nn.transpose %a {permutation = array<i64: 0, 1, 2>} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  %c = nn.reshape %b : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  func.return %c : tensor<2x3x4xf32>
}

// CHECK-LABEL: func.func @transpose_chain
// CHECK-NEXT:    %{{.*}} = nn.transpose %x {permutation = array<i64: 2, 0, 1>} : (tensor<2x3x4xf32>) -> tensor<4x2x3xf32>
// CHECK-NEXT:    func.return
func.func @transpose_chain(%x: tensor<2x3x4xf32>) -> tensor<4x2x3xf32> {
  %a = nn.transpose %x {permutation = array<i64: 1, 2, 0>} : (tensor<2x3x4xf32>) -> tensor<3x4x2xf32>
  %b = nn.transpose %a {permutation = array<i64: 1, 2, 0>} : (tensor<3x4x2xf32>) -> tensor<4x2x3xf32>
  func.return %b : tensor<4x2x3xf32>
}

// Inverse transposes cancel completely.
// CHECK-LABEL: func.func @transpose_inverse
// CHECK-NEXT:    func.return %x : tensor<1x8x8x3xf32>
func.func @transpose_inverse(%x: tensor<1x8x8x3xf32>) -> tensor<1x8x8x3xf32> {
  %a = nn.transpose %x {permutation = array<i64: 0, 3, 1, 2>} : (tensor<1x8x8x3xf32>) -> tensor<1x3x8x8xf32>
  %b = nn.transpose %a {permutation = array<i64: 0, 2, 3, 1>} : (tensor<1x3x8x8xf32>) -> tensor<1x8x8x3xf32>
  func.return %b : tensor<1x8x8x3xf32>
}

// CHECK-LABEL: func.func @reshape_chain
// CHECK-NEXT:    %{{.*}} = nn.reshape %x : (tensor<2x3x4xf32>) -> tensor<24xf32>
// CHECK-NEXT:    func.return
func.func @reshape_chain(%x: tensor<2x3x4xf32>) -> tensor<24xf32> {
  %a = nn.reshape %x : (tensor<2x3x4xf32>) -> tensor<6x4xf32>
  %b = nn.reshape %a : (tensor<6x4xf32>) -> tensor<24xf32>
  func.return %b : tensor<24xf32>
}

// A real cast is kept.
// CHECK-LABEL: func.func @real_cast
// CHECK-NEXT:    %{{.*}} = nn.cast %x : tensor<4xf32> to tensor<4xf16>
func.func @real_cast(%x: tensor<4xf32>) -> tensor<4xf16> {
  %a = nn.cast %x : tensor<4xf32> to tensor<4xf16>
  func.return %a : tensor<4xf16>
}
