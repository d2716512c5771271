// RUN: nnpipe-opt %s | filecheck %s
// RUN: nnpipe-opt %s --print-op-generic | nnpipe-opt - | filecheck %s
// RUN: nnpipe-opt %s --print-op-generic | filecheck %s --check-prefix=GENERIC

// Round trip of nn.reshape: the result type carries the target shape.

// NHWC to a matrix.
// CHECK-LABEL: func.func @flatten
// CHECK-NEXT:    %y = nn.reshape %x : (tensor<1x2x3x4xf32>) -> tensor<1x24xf32>
// CHECK-NEXT:    func.return %y
// GENERIC:       %y = "nn.reshape"(%x) : (tensor<1x2x3x4xf32>) -> tensor<1x24xf32>
func.func @flatten(%x: tensor<1x2x3x4xf32>) -> tensor<1x24xf32> {
  %y = nn.reshape %x : (tensor<1x2x3x4xf32>) -> tensor<1x24xf32>
  func.return %y : tensor<1x24xf32>
}

// A one-element tensor to rank 0.
// CHECK-LABEL: func.func @to_scalar
// CHECK-NEXT:    %y = nn.reshape %x : (tensor<1x1xf16>) -> tensor<f16>
// CHECK-NEXT:    func.return %y
func.func @to_scalar(%x: tensor<1x1xf16>) -> tensor<f16> {
  %y = nn.reshape %x : (tensor<1x1xf16>) -> tensor<f16>
  func.return %y : tensor<f16>
}
