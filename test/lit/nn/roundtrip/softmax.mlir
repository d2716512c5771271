// RUN: nnpipe-opt %s | filecheck %s
// RUN: nnpipe-opt %s --print-op-generic | nnpipe-opt - | filecheck %s
// RUN: nnpipe-opt %s --print-op-generic | filecheck %s --check-prefix=GENERIC

// Round trip of nn.softmax: the axis property.

// Axis 1 of a matrix.
// CHECK-LABEL: func.func @last_axis
// CHECK-NEXT:    %y = nn.softmax %x {axis = 1 : i64} : tensor<2x10xf32>
// CHECK-NEXT:    func.return %y
// GENERIC:       %y = "nn.softmax"(%x) <{axis = 1 : i64}> : (tensor<2x10xf32>) -> tensor<2x10xf32>
func.func @last_axis(%x: tensor<2x10xf32>) -> tensor<2x10xf32> {
  %y = nn.softmax %x {axis = 1 : i64} : tensor<2x10xf32>
  func.return %y : tensor<2x10xf32>
}

// Axis 0 in bf16.
// CHECK-LABEL: func.func @first_axis
// CHECK-NEXT:    %y = nn.softmax %x {axis = 0 : i64} : tensor<3x2x2xbf16>
// CHECK-NEXT:    func.return %y
func.func @first_axis(%x: tensor<3x2x2xbf16>) -> tensor<3x2x2xbf16> {
  %y = nn.softmax %x {axis = 0 : i64} : tensor<3x2x2xbf16>
  func.return %y : tensor<3x2x2xbf16>
}
