// fold-into-producer: a cast that reaches an f32-accumulating conv becomes its result
// type (the conv rounds once, straight to f16). Off by default.
// RUN: nnpipe-opt %s --split-input-file -p 'cast-hoist{fold-into-producer=true}' | filecheck %s
// RUN: nnpipe-opt %s --split-input-file -p cast-hoist | filecheck %s --check-prefix=OFF

// CHECK-LABEL: func.func @conv_f32_out
// CHECK-NEXT:    %y = nn.conv2d %x, %w, %b : (tensor<1x4x4x2xf16>, tensor<4x1x1x2xf16>, tensor<4xf16>) -> tensor<1x4x4x4xf16>
// CHECK-NEXT:    func.return %y
// OFF-LABEL:   func.func @conv_f32_out
// OFF-NEXT:      %c = nn.conv2d {{.*}} -> tensor<1x4x4x4xf32>
// OFF-NEXT:      %y = nn.cast %c
func.func @conv_f32_out(%x: tensor<1x4x4x2xf16>, %w: tensor<4x1x1x2xf16>, %b: tensor<4xf16>) -> tensor<1x4x4x4xf16> {
  %c = nn.conv2d %x, %w, %b : (tensor<1x4x4x2xf16>, tensor<4x1x1x2xf16>, tensor<4xf16>) -> tensor<1x4x4x4xf32>
  %y = nn.cast %c : tensor<1x4x4x4xf32> to tensor<1x4x4x4xf16>
  func.return %y : tensor<1x4x4x4xf16>
}

// -----
// After hoisting through a transpose, the cast lands on the conv and folds.
// CHECK-LABEL: func.func @through_data_movement
// CHECK-NEXT:    %c_f16 = nn.conv2d %x, %w : (tensor<1x4x4x2xf32>, tensor<4x1x1x2xf32>) -> tensor<1x4x4x4xf16>
// CHECK-NEXT:    %y = nn.transpose %c_f16 {{.*}} -> tensor<1x4x4x4xf16>
func.func @through_data_movement(%x: tensor<1x4x4x2xf32>, %w: tensor<4x1x1x2xf32>) -> tensor<1x4x4x4xf16> {
  %c = nn.conv2d %x, %w : (tensor<1x4x4x2xf32>, tensor<4x1x1x2xf32>) -> tensor<1x4x4x4xf32>
  %t = nn.transpose %c {permutation = array<i64: 0, 2, 1, 3>} : (tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  %y = nn.cast %t : tensor<1x4x4x4xf32> to tensor<1x4x4x4xf16>
  func.return %y : tensor<1x4x4x4xf16>
}

// -----
// conv_add: the addend is an exact widening of an f16 value, which is used instead.
// CHECK-LABEL: func.func @conv_add
// CHECK-NEXT:    %y = nn.conv_add %x, %w, %a : (tensor<1x4x4x2xf16>, tensor<4x1x1x2xf16>, tensor<1x4x4x4xf16>) -> tensor<1x4x4x4xf16>
// CHECK-NEXT:    func.return %y
func.func @conv_add(%x: tensor<1x4x4x2xf16>, %w: tensor<4x1x1x2xf16>, %a: tensor<1x4x4x4xf16>) -> tensor<1x4x4x4xf16> {
  %a32 = nn.cast %a : tensor<1x4x4x4xf16> to tensor<1x4x4x4xf32>
  %c = nn.conv_add %x, %w, %a32 : (tensor<1x4x4x2xf16>, tensor<4x1x1x2xf16>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  %y = nn.cast %c : tensor<1x4x4x4xf32> to tensor<1x4x4x4xf16>
  func.return %y : tensor<1x4x4x4xf16>
}

// -----
// Refused: an f32 addend would have to be rounded to f16 first.
// CHECK-LABEL: func.func @conv_add_wide_addend
// CHECK-NEXT:    %c = nn.conv_add {{.*}} -> tensor<1x4x4x4xf32>
// CHECK-NEXT:    %y = nn.cast %c
func.func @conv_add_wide_addend(%x: tensor<1x4x4x2xf16>, %w: tensor<4x1x1x2xf16>, %a: tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf16> {
  %c = nn.conv_add %x, %w, %a : (tensor<1x4x4x2xf16>, tensor<4x1x1x2xf16>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  %y = nn.cast %c : tensor<1x4x4x4xf32> to tensor<1x4x4x4xf16>
  func.return %y : tensor<1x4x4x4xf16>
}

// -----
// Refused: an f64 conv accumulates in f64, so f64 -> f32 -> f16 would round twice.
// CHECK-LABEL: func.func @conv_f64_accumulator
// CHECK-NEXT:    %c = nn.conv2d {{.*}} -> tensor<1x4x4x4xf32>
// CHECK-NEXT:    %y = nn.cast %c
func.func @conv_f64_accumulator(%x: tensor<1x4x4x2xf64>, %w: tensor<4x1x1x2xf64>) -> tensor<1x4x4x4xf16> {
  %c = nn.conv2d %x, %w : (tensor<1x4x4x2xf64>, tensor<4x1x1x2xf64>) -> tensor<1x4x4x4xf32>
  %y = nn.cast %c : tensor<1x4x4x4xf32> to tensor<1x4x4x4xf16>
  func.return %y : tensor<1x4x4x4xf16>
}

// -----
// Refused: an f32 bias with f16 inputs would be illegal on an f16 result.
// CHECK-LABEL: func.func @conv_f32_bias
// CHECK-NEXT:    %c = nn.conv2d {{.*}} -> tensor<1x4x4x4xf32>
// CHECK-NEXT:    %y = nn.cast %c
func.func @conv_f32_bias(%x: tensor<1x4x4x2xf16>, %w: tensor<4x1x1x2xf16>, %b: tensor<4xf32>) -> tensor<1x4x4x4xf16> {
  %c = nn.conv2d %x, %w, %b : (tensor<1x4x4x2xf16>, tensor<4x1x1x2xf16>, tensor<4xf32>) -> tensor<1x4x4x4xf32>
  %y = nn.cast %c : tensor<1x4x4x4xf32> to tensor<1x4x4x4xf16>
  func.return %y : tensor<1x4x4x4xf16>
}

// -----
// Refused: the conv's f32 result has another user (a conv is never duplicated).
// CHECK-LABEL: func.func @conv_fan_out
// CHECK-NEXT:    %c = nn.conv2d {{.*}} -> tensor<1x4x4x4xf32>
// CHECK-NEXT:    %y = nn.cast %c
// CHECK-NEXT:    func.return %y, %c
func.func @conv_fan_out(%x: tensor<1x4x4x2xf32>, %w: tensor<4x1x1x2xf32>) -> (tensor<1x4x4x4xf16>, tensor<1x4x4x4xf32>) {
  %c = nn.conv2d %x, %w : (tensor<1x4x4x2xf32>, tensor<4x1x1x2xf32>) -> tensor<1x4x4x4xf32>
  %y = nn.cast %c : tensor<1x4x4x4xf32> to tensor<1x4x4x4xf16>
  func.return %y, %c : tensor<1x4x4x4xf16>, tensor<1x4x4x4xf32>
}
