// RUN: nnpipe-opt %s | filecheck %s
// RUN: nnpipe-opt %s --print-op-generic | nnpipe-opt - | filecheck %s
// RUN: nnpipe-opt %s --print-op-generic | filecheck %s --check-prefix=GENERIC

// Round trip of nn.matmul: batch broadcasting and rank-1 operands.

// Batch dims broadcast.
// CHECK-LABEL: func.func @batched
// CHECK-NEXT:    %y = nn.matmul %a, %b : (tensor<2x1x3x4xf32>, tensor<5x4x6xf32>) -> tensor<2x5x3x6xf32>
// CHECK-NEXT:    func.return %y
// GENERIC:       %y = "nn.matmul"(%a, %b) : (tensor<2x1x3x4xf32>, tensor<5x4x6xf32>) -> tensor<2x5x3x6xf32>
func.func @batched(%a: tensor<2x1x3x4xf32>, %b: tensor<5x4x6xf32>) -> tensor<2x5x3x6xf32> {
  %y = nn.matmul %a, %b : (tensor<2x1x3x4xf32>, tensor<5x4x6xf32>) -> tensor<2x5x3x6xf32>
  func.return %y : tensor<2x5x3x6xf32>
}

// Rank-1 lhs.
// CHECK-LABEL: func.func @vector
// CHECK-NEXT:    %y = nn.matmul %a, %b : (tensor<4xf16>, tensor<4x6xf16>) -> tensor<6xf16>
// CHECK-NEXT:    func.return %y
func.func @vector(%a: tensor<4xf16>, %b: tensor<4x6xf16>) -> tensor<6xf16> {
  %y = nn.matmul %a, %b : (tensor<4xf16>, tensor<4x6xf16>) -> tensor<6xf16>
  func.return %y : tensor<6xf16>
}
