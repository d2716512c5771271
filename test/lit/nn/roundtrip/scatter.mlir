// RUN: nnpipe-opt %s | filecheck %s
// RUN: nnpipe-opt %s --print-op-generic | nnpipe-opt - | filecheck %s
// RUN: nnpipe-opt %s --print-op-generic | filecheck %s --check-prefix=GENERIC

// Round trip of nn.scatter: ScatterElements with every reduction.

// reduction = none is the default and is elided when spelled.
// CHECK-LABEL: func.func @none
// CHECK-NEXT:    %y = nn.scatter %d, %i, %u {axis = 0 : i64} : (tensor<4x3xf32>, tensor<2x3xi64>, tensor<2x3xf32>) -> tensor<4x3xf32>
// CHECK-NEXT:    func.return %y
// GENERIC:       %y = "nn.scatter"(%d, %i, %u) <{axis = 0 : i64, reduction = #nn.reduction<none>}> : (tensor<4x3xf32>, tensor<2x3xi64>, tensor<2x3xf32>) -> tensor<4x3xf32>
func.func @none(%d: tensor<4x3xf32>, %i: tensor<2x3xi64>, %u: tensor<2x3xf32>) -> tensor<4x3xf32> {
  %y = nn.scatter %d, %i, %u {axis = 0 : i64, reduction = #nn.reduction<none>} : (tensor<4x3xf32>, tensor<2x3xi64>, tensor<2x3xf32>) -> tensor<4x3xf32>
  func.return %y : tensor<4x3xf32>
}

// reduction = add, along axis 1 with i32 indices.
// CHECK-LABEL: func.func @add
// CHECK-NEXT:    %y = nn.scatter %d, %i, %u {axis = 1 : i64, reduction = #nn.reduction<add>} : (tensor<4x3xf32>, tensor<4x2xi32>, tensor<4x2xf32>) -> tensor<4x3xf32>
// CHECK-NEXT:    func.return %y
func.func @add(%d: tensor<4x3xf32>, %i: tensor<4x2xi32>, %u: tensor<4x2xf32>) -> tensor<4x3xf32> {
  %y = nn.scatter %d, %i, %u {axis = 1 : i64, reduction = #nn.reduction<add>} : (tensor<4x3xf32>, tensor<4x2xi32>, tensor<4x2xf32>) -> tensor<4x3xf32>
  func.return %y : tensor<4x3xf32>
}

// reduction = mul, along axis 1 with i32 indices.
// CHECK-LABEL: func.func @mul
// CHECK-NEXT:    %y = nn.scatter %d, %i, %u {axis = 1 : i64, reduction = #nn.reduction<mul>} : (tensor<4x3xf32>, tensor<4x2xi32>, tensor<4x2xf32>) -> tensor<4x3xf32>
// CHECK-NEXT:    func.return %y
func.func @mul(%d: tensor<4x3xf32>, %i: tensor<4x2xi32>, %u: tensor<4x2xf32>) -> tensor<4x3xf32> {
  %y = nn.scatter %d, %i, %u {axis = 1 : i64, reduction = #nn.reduction<mul>} : (tensor<4x3xf32>, tensor<4x2xi32>, tensor<4x2xf32>) -> tensor<4x3xf32>
  func.return %y : tensor<4x3xf32>
}

// reduction = max, along axis 1 with i32 indices.
// CHECK-LABEL: func.func @max
// CHECK-NEXT:    %y = nn.scatter %d, %i, %u {axis = 1 : i64, reduction = #nn.reduction<max>} : (tensor<4x3xf32>, tensor<4x2xi32>, tensor<4x2xf32>) -> tensor<4x3xf32>
// CHECK-NEXT:    func.return %y
func.func @max(%d: tensor<4x3xf32>, %i: tensor<4x2xi32>, %u: tensor<4x2xf32>) -> tensor<4x3xf32> {
  %y = nn.scatter %d, %i, %u {axis = 1 : i64, reduction = #nn.reduction<max>} : (tensor<4x3xf32>, tensor<4x2xi32>, tensor<4x2xf32>) -> tensor<4x3xf32>
  func.return %y : tensor<4x3xf32>
}

// reduction = min, along axis 1 with i32 indices.
// CHECK-LABEL: func.func @min
// CHECK-NEXT:    %y = nn.scatter %d, %i, %u {axis = 1 : i64, reduction = #nn.reduction<min>} : (tensor<4x3xf32>, tensor<4x2xi32>, tensor<4x2xf32>) -> tensor<4x3xf32>
// CHECK-NEXT:    func.return %y
func.func @min(%d: tensor<4x3xf32>, %i: tensor<4x2xi32>, %u: tensor<4x2xf32>) -> tensor<4x3xf32> {
  %y = nn.scatter %d, %i, %u {axis = 1 : i64, reduction = #nn.reduction<min>} : (tensor<4x3xf32>, tensor<4x2xi32>, tensor<4x2xf32>) -> tensor<4x3xf32>
  func.return %y : tensor<4x3xf32>
}
