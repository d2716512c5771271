// RUN: nnpipe-opt %s | filecheck %s
// RUN: nnpipe-opt %s --print-op-generic | nnpipe-opt - | filecheck %s
// RUN: nnpipe-opt %s --print-op-generic | filecheck %s --check-prefix=GENERIC

// Round trip of nn.conv_add: the fused conv + bias + addend + activation, each optional part on and off.

// Operand order (input, weight, addend, bias); activation relu.
// CHECK-LABEL: func.func @relu_with_bias
// CHECK-NEXT:    %y = nn.conv_add %x, %w, %a, %b {strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>, activation = #nn.activation<relu>} : (tensor<1x8x8x4xf32>, tensor<8x3x3x4xf32>, tensor<1x4x4x8xf32>, tensor<8xf32>) -> tensor<1x4x4x8xf32>
// CHECK-NEXT:    func.return %y
// GENERIC:       %y = "nn.conv_add"(%x, %w, %a, %b) <{strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>, activation = #nn.activation<relu>}> : (tensor<1x8x8x4xf32>, tensor<8x3x3x4xf32>, tensor<1x4x4x8xf32>, tensor<8xf32>) -> tensor<1x4x4x8xf32>
func.func @relu_with_bias(%x: tensor<1x8x8x4xf32>, %w: tensor<8x3x3x4xf32>, %a: tensor<1x4x4x8xf32>, %b: tensor<8xf32>) -> tensor<1x4x4x8xf32> {
  %y = nn.conv_add %x, %w, %a, %b {strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>, activation = #nn.activation<relu>} : (tensor<1x8x8x4xf32>, tensor<8x3x3x4xf32>, tensor<1x4x4x8xf32>, tensor<8xf32>) -> tensor<1x4x4x8xf32>
  func.return %y : tensor<1x4x4x8xf32>
}

// Neither bias nor activation; dilations and groups.
// CHECK-LABEL: func.func @no_bias_no_activation
// CHECK-NEXT:    %y = nn.conv_add %x, %w, %a {dilations = array<i64: 2, 2>, groups = 2 : i64} : (tensor<1x6x6x4xf32>, tensor<4x3x3x2xf32>, tensor<1x2x2x4xf32>) -> tensor<1x2x2x4xf32>
// CHECK-NEXT:    func.return %y
// GENERIC:       %y = "nn.conv_add"(%x, %w, %a) <{dilations = array<i64: 2, 2>, groups = 2 : i64}> : (tensor<1x6x6x4xf32>, tensor<4x3x3x2xf32>, tensor<1x2x2x4xf32>) -> tensor<1x2x2x4xf32>
func.func @no_bias_no_activation(%x: tensor<1x6x6x4xf32>, %w: tensor<4x3x3x2xf32>, %a: tensor<1x2x2x4xf32>) -> tensor<1x2x2x4xf32> {
  %y = nn.conv_add %x, %w, %a {dilations = array<i64: 2, 2>, groups = 2 : i64} : (tensor<1x6x6x4xf32>, tensor<4x3x3x2xf32>, tensor<1x2x2x4xf32>) -> tensor<1x2x2x4xf32>
  func.return %y : tensor<1x2x2x4xf32>
}

// f16 input, f32 addend and result.
// CHECK-LABEL: func.func @f16_to_f32
// CHECK-NEXT:    %y = nn.conv_add %x, %w, %a {activation = #nn.activation<relu>} : (tensor<1x2x2x2xf16>, tensor<2x1x1x2xf16>, tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
// CHECK-NEXT:    func.return %y
func.func @f16_to_f32(%x: tensor<1x2x2x2xf16>, %w: tensor<2x1x1x2xf16>, %a: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %y = nn.conv_add %x, %w, %a {activation = #nn.activation<relu>} : (tensor<1x2x2x2xf16>, tensor<2x1x1x2xf16>, tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  func.return %y : tensor<1x2x2x2xf32>
}
