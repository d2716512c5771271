// RUN: nnpipe-opt %s | filecheck %s
// RUN: nnpipe-opt %s --print-op-generic | nnpipe-opt - | filecheck %s
// RUN: nnpipe-opt %s --print-op-generic | filecheck %s --check-prefix=GENERIC

// Round trip of nn.gather: i64 and i32 indices, axis.

// 2-d indices into axis 0.
// CHECK-LABEL: func.func @rows
// CHECK-NEXT:    %y = nn.gather %d, %i {axis = 0 : i64} : (tensor<5x3xf32>, tensor<2x2xi64>) -> tensor<2x2x3xf32>
// CHECK-NEXT:    func.return %y
// GENERIC:       %y = "nn.gather"(%d, %i) <{axis = 0 : i64}> : (tensor<5x3xf32>, tensor<2x2xi64>) -> tensor<2x2x3xf32>
func.func @rows(%d: tensor<5x3xf32>, %i: tensor<2x2xi64>) -> tensor<2x2x3xf32> {
  %y = nn.gather %d, %i {axis = 0 : i64} : (tensor<5x3xf32>, tensor<2x2xi64>) -> tensor<2x2x3xf32>
  func.return %y : tensor<2x2x3xf32>
}

// 0-d i32 indices drop the axis.
// CHECK-LABEL: func.func @scalar_index
// CHECK-NEXT:    %y = nn.gather %d, %i {axis = 1 : i64} : (tensor<5x3xf16>, tensor<i32>) -> tensor<5xf16>
// CHECK-NEXT:    func.return %y
func.func @scalar_index(%d: tensor<5x3xf16>, %i: tensor<i32>) -> tensor<5xf16> {
  %y = nn.gather %d, %i {axis = 1 : i64} : (tensor<5x3xf16>, tensor<i32>) -> tensor<5xf16>
  func.return %y : tensor<5xf16>
}
