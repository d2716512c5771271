// RUN: nnpipe-opt %s --split-input-file -p fold-batchnorm | filecheck %s

// Each case is left exactly as it was.

// The conv result has another user: the un-normalized value is still needed.
// CHECK-LABEL: func.func @conv_has_two_users
// CHECK:         %c = nn.conv2d %x, %w, %b
// CHECK-NEXT:    %y = nn.batch_norm %c
// CHECK-NEXT:    func.return %y, %c
func.func @conv_has_two_users(%x: tensor<1x4x4x1xf32>) -> (tensor<1x4x4x1xf32>, tensor<1x4x4x1xf32>) {
  %w = arith.constant dense<1.0> : tensor<1x1x1x1xf32>
  %b = arith.constant dense<0.5> : tensor<1xf32>
  %s = arith.constant dense<2.0> : tensor<1xf32>
  %c = nn.conv2d %x, %w, %b : (tensor<1x4x4x1xf32>, tensor<1x1x1x1xf32>, tensor<1xf32>) -> tensor<1x4x4x1xf32>
  %y = nn.batch_norm %c, %s, %s, %s, %s : (tensor<1x4x4x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x1xf32>
  func.return %y, %c : tensor<1x4x4x1xf32>, tensor<1x4x4x1xf32>
}

// -----

// Statistics that are not constants.
// CHECK-LABEL: func.func @statistics_not_constant
// CHECK:         %c = nn.conv2d %x, %w
// CHECK-NEXT:    %y = nn.batch_norm %c, %s, %s, %s, %var
func.func @statistics_not_constant(%x: tensor<1x4x4x1xf32>, %var: tensor<1xf32>) -> tensor<1x4x4x1xf32> {
  %w = arith.constant dense<1.0> : tensor<1x1x1x1xf32>
  %s = arith.constant dense<2.0> : tensor<1xf32>
  %c = nn.conv2d %x, %w : (tensor<1x4x4x1xf32>, tensor<1x1x1x1xf32>) -> tensor<1x4x4x1xf32>
  %y = nn.batch_norm %c, %s, %s, %s, %var : (tensor<1x4x4x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x1xf32>
  func.return %y : tensor<1x4x4x1xf32>
}

// -----

// Weights that are not constants (a function argument) cannot be rescaled.
// CHECK-LABEL: func.func @weight_not_constant
// CHECK:         %c = nn.conv2d %x, %w
// CHECK-NEXT:    %y = nn.batch_norm %c
func.func @weight_not_constant(%x: tensor<1x4x4x1xf32>, %w: tensor<1x1x1x1xf32>) -> tensor<1x4x4x1xf32> {
  %s = arith.constant dense<2.0> : tensor<1xf32>
  %c = nn.conv2d %x, %w : (tensor<1x4x4x1xf32>, tensor<1x1x1x1xf32>) -> tensor<1x4x4x1xf32>
  %y = nn.batch_norm %c, %s, %s, %s, %s : (tensor<1x4x4x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x1xf32>
  func.return %y : tensor<1x4x4x1xf32>
}

// -----

// A non-constant bias cannot absorb the shift.
// CHECK-LABEL: func.func @bias_not_constant
// CHECK:         %c = nn.conv2d %x, %w, %b
// CHECK-NEXT:    %y = nn.batch_norm %c
func.func @bias_not_constant(%x: tensor<1x4x4x1xf32>, %b: tensor<1xf32>) -> tensor<1x4x4x1xf32> {
  %w = arith.constant dense<1.0> : tensor<1x1x1x1xf32>
  %s = arith.constant dense<2.0> : tensor<1xf32>
  %c = nn.conv2d %x, %w, %b : (tensor<1x4x4x1xf32>, tensor<1x1x1x1xf32>, tensor<1xf32>) -> tensor<1x4x4x1xf32>
  %y = nn.batch_norm %c, %s, %s, %s, %s : (tensor<1x4x4x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x1xf32>
  func.return %y : tensor<1x4x4x1xf32>
}

// -----

// A cast between conv and batch norm: no fold across a type change.
// CHECK-LABEL: func.func @cast_between
// CHECK:         %c = nn.conv2d %x, %w
// CHECK-NEXT:    %h = nn.cast %c
// CHECK-NEXT:    %y = nn.batch_norm %h
func.func @cast_between(%x: tensor<1x4x4x1xf32>) -> tensor<1x4x4x1xf16> {
  %w = arith.constant dense<1.0> : tensor<1x1x1x1xf32>
  %s = arith.constant dense<2.0> : tensor<1xf16>
  %c = nn.conv2d %x, %w : (tensor<1x4x4x1xf32>, tensor<1x1x1x1xf32>) -> tensor<1x4x4x1xf32>
  %h = nn.cast %c : tensor<1x4x4x1xf32> to tensor<1x4x4x1xf16>
  %y = nn.batch_norm %h, %s, %s, %s, %s : (tensor<1x4x4x1xf16>, tensor<1xf16>, tensor<1xf16>, tensor<1xf16>, tensor<1xf16>) -> tensor<1x4x4x1xf16>
  func.return %y : tensor<1x4x4x1xf16>
}

// -----

// f16 weights scaled by 1000 / sqrt(1e-4) = 1e5 overflow f16 (max 65504): refused
// rather than writing infinities.
// CHECK-LABEL: func.func @folded_weights_overflow
// CHECK:         %c = nn.conv2d %x, %w
// CHECK-NEXT:    %y = nn.batch_norm %c
func.func @folded_weights_overflow(%x: tensor<1x4x4x1xf16>) -> tensor<1x4x4x1xf16> {
  %w = arith.constant dense<1.0> : tensor<1x1x1x1xf16>
  %gamma = arith.constant dense<1000.0> : tensor<1xf16>
  %zero = arith.constant dense<0.0> : tensor<1xf16>
  %c = nn.conv2d %x, %w : (tensor<1x4x4x1xf16>, tensor<1x1x1x1xf16>) -> tensor<1x4x4x1xf16>
  %y = nn.batch_norm %c, %gamma, %zero, %zero, %zero {epsilon = 1.0e-04 : f32} : (tensor<1x4x4x1xf16>, tensor<1xf16>, tensor<1xf16>, tensor<1xf16>, tensor<1xf16>) -> tensor<1x4x4x1xf16>
  func.return %y : tensor<1x4x4x1xf16>
}

// -----

// Variance + epsilon <= 0 has no finite scale: refused.
// CHECK-LABEL: func.func @no_finite_scale
// CHECK:         %c = nn.conv2d %x, %w
// CHECK-NEXT:    %y = nn.batch_norm %c
func.func @no_finite_scale(%x: tensor<1x4x4x1xf32>) -> tensor<1x4x4x1xf32> {
  %w = arith.constant dense<1.0> : tensor<1x1x1x1xf32>
  %one = arith.constant dense<1.0> : tensor<1xf32>
  %var = arith.constant dense<-1.0> : tensor<1xf32>
  %c = nn.conv2d %x, %w : (tensor<1x4x4x1xf32>, tensor<1x1x1x1xf32>) -> tensor<1x4x4x1xf32>
  %y = nn.batch_norm %c, %one, %one, %one, %var {epsilon = 0.0 : f32} : (tensor<1x4x4x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x1xf32>
  func.return %y : tensor<1x4x4x1xf32>
}
