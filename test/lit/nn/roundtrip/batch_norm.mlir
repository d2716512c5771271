// RUN: nnpipe-opt %s | filecheck %s
// RUN: nnpipe-opt %s --print-op-generic | nnpipe-opt - | filecheck %s
// RUN: nnpipe-opt %s --print-op-generic | filecheck %s --check-prefix=GENERIC

// Round trip of nn.batch_norm: five operands, epsilon defaulted or given.

// Non-default epsilon.
// CHECK-LABEL: func.func @epsilon
// CHECK-NEXT:    %y = nn.batch_norm %x, %s, %b, %m, %v {epsilon = 1.000000e-03 : f32} : (tensor<1x4x4x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x4x4x3xf32>
// CHECK-NEXT:    func.return %y
// GENERIC:       %y = "nn.batch_norm"(%x, %s, %b, %m, %v) <{epsilon = 1.000000e-03 : f32}> : (tensor<1x4x4x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x4x4x3xf32>
func.func @epsilon(%x: tensor<1x4x4x3xf32>, %s: tensor<3xf32>, %b: tensor<3xf32>, %m: tensor<3xf32>, %v: tensor<3xf32>) -> tensor<1x4x4x3xf32> {
  %y = nn.batch_norm %x, %s, %b, %m, %v {epsilon = 1.000000e-03 : f32} : (tensor<1x4x4x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x4x4x3xf32>
  func.return %y : tensor<1x4x4x3xf32>
}

// The default epsilon (1e-5) spelled out is elided.
// CHECK-LABEL: func.func @default_epsilon
// CHECK-NEXT:    %y = nn.batch_norm %x, %s, %b, %m, %v : (tensor<2x3xf16>, tensor<3xf16>, tensor<3xf16>, tensor<3xf16>, tensor<3xf16>) -> tensor<2x3xf16>
// CHECK-NEXT:    func.return %y
func.func @default_epsilon(%x: tensor<2x3xf16>, %s: tensor<3xf16>, %b: tensor<3xf16>, %m: tensor<3xf16>, %v: tensor<3xf16>) -> tensor<2x3xf16> {
  %y = nn.batch_norm %x, %s, %b, %m, %v {epsilon = 1.000000e-05 : f32} : (tensor<2x3xf16>, tensor<3xf16>, tensor<3xf16>, tensor<3xf16>, tensor<3xf16>) -> tensor<2x3xf16>
  func.return %y : tensor<2x3xf16>
}
