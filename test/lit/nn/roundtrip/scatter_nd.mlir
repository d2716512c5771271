// RUN: nnpipe-opt %s | filecheck %s
// RUN: nnpipe-opt %s --print-op-generic | nnpipe-opt - | filecheck %s
// RUN: nnpipe-opt %s --print-op-generic | filecheck %s --check-prefix=GENERIC

// Round trip of nn.scatter_nd: ScatterND with every reduction.

// k = 1: whole rows, reduction omitted.
// CHECK-LABEL: func.func @rows
// CHECK-NEXT:    %y = nn.scatter_nd %d, %i, %u : (tensor<4x3xf32>, tensor<2x1xi64>, tensor<2x3xf32>) -> tensor<4x3xf32>
// CHECK-NEXT:    func.return %y
// GENERIC:       %y = "nn.scatter_nd"(%d, %i, %u) : (tensor<4x3xf32>, tensor<2x1xi64>, tensor<2x3xf32>) -> tensor<4x3xf32>
func.func @rows(%d: tensor<4x3xf32>, %i: tensor<2x1xi64>, %u: tensor<2x3xf32>) -> tensor<4x3xf32> {
  %y = nn.scatter_nd %d, %i, %u : (tensor<4x3xf32>, tensor<2x1xi64>, tensor<2x3xf32>) -> tensor<4x3xf32>
  func.return %y : tensor<4x3xf32>
}

// k = 2: single elements, reduction = add.
// CHECK-LABEL: func.func @add
// CHECK-NEXT:    %y = nn.scatter_nd %d, %i, %u {reduction = #nn.reduction<add>} : (tensor<4x3xf32>, tensor<5x2xi32>, tensor<5xf32>) -> tensor<4x3xf32>
// CHECK-NEXT:    func.return %y
func.func @add(%d: tensor<4x3xf32>, %i: tensor<5x2xi32>, %u: tensor<5xf32>) -> tensor<4x3xf32> {
  %y = nn.scatter_nd %d, %i, %u {reduction = #nn.reduction<add>} : (tensor<4x3xf32>, tensor<5x2xi32>, tensor<5xf32>) -> tensor<4x3xf32>
  func.return %y : tensor<4x3xf32>
}

// k = 2: single elements, reduction = mul.
// CHECK-LABEL: func.func @mul
// CHECK-NEXT:    %y = nn.scatter_nd %d, %i, %u {reduction = #nn.reduction<mul>} : (tensor<4x3xf32>, tensor<5x2xi32>, tensor<5xf32>) -> tensor<4x3xf32>
// CHECK-NEXT:    func.return %y
func.func @mul(%d: tensor<4x3xf32>, %i: tensor<5x2xi32>, %u: tensor<5xf32>) -> tensor<4x3xf32> {
  %y = nn.scatter_nd %d, %i, %u {reduction = #nn.reduction<mul>} : (tensor<4x3xf32>, tensor<5x2xi32>, tensor<5xf32>) -> tensor<4x3xf32>
  func.return %y : tensor<4x3xf32>
}

// k = 2: single elements, reduction = max.
// CHECK-LABEL: func.func @max
// CHECK-NEXT:    %y = nn.scatter_nd %d, %i, %u {reduction = #nn.reduction<max>} : (tensor<4x3xf32>, tensor<5x2xi32>, tensor<5xf32>) -> tensor<4x3xf32>
// CHECK-NEXT:    func.return %y
func.func @max(%d: tensor<4x3xf32>, %i: tensor<5x2xi32>, %u: tensor<5xf32>) -> tensor<4x3xf32> {
  %y = nn.scatter_nd %d, %i, %u {reduction = #nn.reduction<max>} : (tensor<4x3xf32>, tensor<5x2xi32>, tensor<5xf32>) -> tensor<4x3xf32>
  func.return %y : tensor<4x3xf32>
}

// k = 2: single elements, reduction = min.
// CHECK-LABEL: func.func @min
// CHECK-NEXT:    %y = nn.scatter_nd %d, %i, %u {reduction = #nn.reduction<min>} : (tensor<4x3xf32>, tensor<5x2xi32>, tensor<5xf32>) -> tensor<4x3xf32>
// CHECK-NEXT:    func.return %y
func.func @min(%d: tensor<4x3xf32>, %i: tensor<5x2xi32>, %u: tensor<5xf32>) -> tensor<4x3xf32> {
  %y = nn.scatter_nd %d, %i, %u {reduction = #nn.reduction<min>} : (tensor<4x3xf32>, tensor<5x2xi32>, tensor<5xf32>) -> tensor<4x3xf32>
  func.return %y : tensor<4x3xf32>
}
