// RUN: nnpipe-opt %s | filecheck %s
// RUN: nnpipe-opt %s --print-op-generic | nnpipe-opt - | filecheck %s
// RUN: nnpipe-opt %s --print-op-generic | filecheck %s --check-prefix=GENERIC

// Round trip of nn.add: NumPy broadcasting between operands of different rank (commutative).

// Equal shapes.
// CHECK-LABEL: func.func @same_shape
// CHECK-NEXT:    %y = nn.add %a, %b : (tensor<1x4x4x8xf32>, tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
// CHECK-NEXT:    func.return %y
func.func @same_shape(%a: tensor<1x4x4x8xf32>, %b: tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32> {
  %y = nn.add %a, %b : (tensor<1x4x4x8xf32>, tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
  func.return %y : tensor<1x4x4x8xf32>
}

// Rank-1 rhs against a rank-4 lhs, and a size-1 axis on each side.
// CHECK-LABEL: func.func @broadcast
// CHECK-NEXT:    %y = nn.add %a, %b : (tensor<2x1x3xbf16>, tensor<4x1xbf16>) -> tensor<2x4x3xbf16>
// CHECK-NEXT:    func.return %y
// GENERIC:       %y = "nn.add"(%a, %b) : (tensor<2x1x3xbf16>, tensor<4x1xbf16>) -> tensor<2x4x3xbf16>
func.func @broadcast(%a: tensor<2x1x3xbf16>, %b: tensor<4x1xbf16>) -> tensor<2x4x3xbf16> {
  %y = nn.add %a, %b : (tensor<2x1x3xbf16>, tensor<4x1xbf16>) -> tensor<2x4x3xbf16>
  func.return %y : tensor<2x4x3xbf16>
}
