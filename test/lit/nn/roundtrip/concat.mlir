// RUN: nnpipe-opt %s | filecheck %s
// RUN: nnpipe-opt %s --print-op-generic | nnpipe-opt - | filecheck %s
// RUN: nnpipe-opt %s --print-op-generic | filecheck %s --check-prefix=GENERIC

// Round trip of nn.concat: variadic inputs and the axis property.

// Three inputs joined along channels.
// CHECK-LABEL: func.func @channels
// CHECK-NEXT:    %y = nn.concat %a, %b, %c {axis = 3 : i64} : (tensor<1x2x2x3xf32>, tensor<1x2x2x1xf32>, tensor<1x2x2x4xf32>) -> tensor<1x2x2x8xf32>
// CHECK-NEXT:    func.return %y
// GENERIC:       %y = "nn.concat"(%a, %b, %c) <{axis = 3 : i64}> : (tensor<1x2x2x3xf32>, tensor<1x2x2x1xf32>, tensor<1x2x2x4xf32>) -> tensor<1x2x2x8xf32>
func.func @channels(%a: tensor<1x2x2x3xf32>, %b: tensor<1x2x2x1xf32>, %c: tensor<1x2x2x4xf32>) -> tensor<1x2x2x8xf32> {
  %y = nn.concat %a, %b, %c {axis = 3 : i64} : (tensor<1x2x2x3xf32>, tensor<1x2x2x1xf32>, tensor<1x2x2x4xf32>) -> tensor<1x2x2x8xf32>
  func.return %y : tensor<1x2x2x8xf32>
}

// A single input.
// CHECK-LABEL: func.func @single
// CHECK-NEXT:    %y = nn.concat %a {axis = 0 : i64} : (tensor<5xi64>) -> tensor<5xi64>
// CHECK-NEXT:    func.return %y
func.func @single(%a: tensor<5xi64>) -> tensor<5xi64> {
  %y = nn.concat %a {axis = 0 : i64} : (tensor<5xi64>) -> tensor<5xi64>
  func.return %y : tensor<5xi64>
}
