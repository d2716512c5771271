// RUN: nnpipe-opt %s | filecheck %s
// RUN: nnpipe-opt %s --print-op-generic | nnpipe-opt - | filecheck %s
// RUN: nnpipe-opt %s --print-op-generic | filecheck %s --check-prefix=GENERIC

// Round trip of nn.gemm: optional c, alpha, beta, both transposes.

// Every property and c.
// CHECK-LABEL: func.func @full
// CHECK-NEXT:    %y = nn.gemm %a, %b, %c {alpha = 5.000000e-01 : f32, beta = 2.000000e+00 : f32, trans_a = true, trans_b = true} : (tensor<4x3xf32>, tensor<5x4xf32>, tensor<5xf32>) -> tensor<3x5xf32>
// CHECK-NEXT:    func.return %y
// GENERIC:       %y = "nn.gemm"(%a, %b, %c) <{alpha = 5.000000e-01 : f32, beta = 2.000000e+00 : f32, trans_a = true, trans_b = true}> : (tensor<4x3xf32>, tensor<5x4xf32>, tensor<5xf32>) -> tensor<3x5xf32>
func.func @full(%a: tensor<4x3xf32>, %b: tensor<5x4xf32>, %c: tensor<5xf32>) -> tensor<3x5xf32> {
  %y = nn.gemm %a, %b, %c {alpha = 5.000000e-01 : f32, beta = 2.000000e+00 : f32, trans_a = true, trans_b = true} : (tensor<4x3xf32>, tensor<5x4xf32>, tensor<5xf32>) -> tensor<3x5xf32>
  func.return %y : tensor<3x5xf32>
}

// No c; defaults spelled out are elided.
// CHECK-LABEL: func.func @plain
// CHECK-NEXT:    %y = nn.gemm %a, %b : (tensor<3x4xf32>, tensor<4x5xf32>) -> tensor<3x5xf32>
// CHECK-NEXT:    func.return %y
// GENERIC:       %y = "nn.gemm"(%a, %b) <{alpha = 1.000000e+00 : f32, beta = 1.000000e+00 : f32, trans_a = false, trans_b = false}> : (tensor<3x4xf32>, tensor<4x5xf32>) -> tensor<3x5xf32>
func.func @plain(%a: tensor<3x4xf32>, %b: tensor<4x5xf32>) -> tensor<3x5xf32> {
  %y = nn.gemm %a, %b {alpha = 1.000000e+00 : f32, beta = 1.000000e+00 : f32, trans_a = false, trans_b = false} : (tensor<3x4xf32>, tensor<4x5xf32>) -> tensor<3x5xf32>
  func.return %y : tensor<3x5xf32>
}

// f16 operands, 2-d c, f32 result.
// CHECK-LABEL: func.func @f16_to_f32
// CHECK-NEXT:    %y = nn.gemm %a, %b, %c : (tensor<3x4xf16>, tensor<4x5xf16>, tensor<3x1xf16>) -> tensor<3x5xf32>
// CHECK-NEXT:    func.return %y
func.func @f16_to_f32(%a: tensor<3x4xf16>, %b: tensor<4x5xf16>, %c: tensor<3x1xf16>) -> tensor<3x5xf32> {
  %y = nn.gemm %a, %b, %c {trans_a = false} : (tensor<3x4xf16>, tensor<4x5xf16>, tensor<3x1xf16>) -> tensor<3x5xf32>
  func.return %y : tensor<3x5xf32>
}
