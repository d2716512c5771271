// RUN: nnpipe-opt %s | filecheck %s
// RUN: nnpipe-opt %s --print-op-generic | nnpipe-opt - | filecheck %s
// RUN: nnpipe-opt %s --print-op-generic | filecheck %s --check-prefix=GENERIC

// Round trip of nn.broadcast: NumPy broadcast_to the result shape.

// Rank 1 to rank 3.
// CHECK-LABEL: func.func @rank_up
// CHECK-NEXT:    %y = nn.broadcast %x : (tensor<4xf32>) -> tensor<2x3x4xf32>
// CHECK-NEXT:    func.return %y
// GENERIC:       %y = "nn.broadcast"(%x) : (tensor<4xf32>) -> tensor<2x3x4xf32>
func.func @rank_up(%x: tensor<4xf32>) -> tensor<2x3x4xf32> {
  %y = nn.broadcast %x : (tensor<4xf32>) -> tensor<2x3x4xf32>
  func.return %y : tensor<2x3x4xf32>
}

// Size-1 axes expand.
// CHECK-LABEL: func.func @unit_axes
// CHECK-NEXT:    %y = nn.broadcast %x : (tensor<1x3x1xbf16>) -> tensor<2x3x5xbf16>
// CHECK-NEXT:    func.return %y
func.func @unit_axes(%x: tensor<1x3x1xbf16>) -> tensor<2x3x5xbf16> {
  %y = nn.broadcast %x : (tensor<1x3x1xbf16>) -> tensor<2x3x5xbf16>
  func.return %y : tensor<2x3x5xbf16>
}
