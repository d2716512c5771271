// RUN: nnpipe-opt %s | filecheck %s
// RUN: nnpipe-opt %s --print-op-generic | nnpipe-opt - | filecheck %s
// RUN: nnpipe-opt %s --print-op-generic | filecheck %s --check-prefix=GENERIC

// Round trip of nn.transpose: the permutation property.

// NCHW to NHWC.
// CHECK-LABEL: func.func @nchw_to_nhwc
// CHECK-NEXT:    %y = nn.transpose %x {permutation = array<i64: 0, 2, 3, 1>} : (tensor<1x3x4x5xf32>) -> tensor<1x4x5x3xf32>
// CHECK-NEXT:    func.return %y
// GENERIC:       %y = "nn.transpose"(%x) <{permutation = array<i64: 0, 2, 3, 1>}> : (tensor<1x3x4x5xf32>) -> tensor<1x4x5x3xf32>
func.func @nchw_to_nhwc(%x: tensor<1x3x4x5xf32>) -> tensor<1x4x5x3xf32> {
  %y = nn.transpose %x {permutation = array<i64: 0, 2, 3, 1>} : (tensor<1x3x4x5xf32>) -> tensor<1x4x5x3xf32>
  func.return %y : tensor<1x4x5x3xf32>
}

// An identity permutation still prints (folding it is canonicalize's job).
// CHECK-LABEL: func.func @identity
// CHECK-NEXT:    %y = nn.transpose %x {permutation = array<i64: 0, 1>} : (tensor<2x3xi32>) -> tensor<2x3xi32>
// CHECK-NEXT:    func.return %y
func.func @identity(%x: tensor<2x3xi32>) -> tensor<2x3xi32> {
  %y = nn.transpose %x {permutation = array<i64: 0, 1>} : (tensor<2x3xi32>) -> tensor<2x3xi32>
  func.return %y : tensor<2x3xi32>
}
