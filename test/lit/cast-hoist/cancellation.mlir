// Up-cast then down-cast back cancels; nothing else does.
// RUN: nnpipe-opt %s --split-input-file -p cast-hoist | filecheck %s

// CHECK-LABEL: func.func @up_then_down_cancels
// CHECK-NEXT:    func.return %x : tensor<4xf16>
func.func @up_then_down_cancels(%x: tensor<4xf16>) -> tensor<4xf16> {
  %w = nn.cast %x : tensor<4xf16> to tensor<4xf32>
  %y = nn.cast %w : tensor<4xf32> to tensor<4xf16>
  func.return %y : tensor<4xf16>
}

// -----
// bf16 -> f64 -> bf16 and f32 -> f64 -> f32 are exact round trips too.
// CHECK-LABEL: func.func @other_exact_round_trips
// CHECK-NEXT:    func.return %a, %b : tensor<4xbf16>, tensor<4xf32>
func.func @other_exact_round_trips(%a: tensor<4xbf16>, %b: tensor<4xf32>) -> (tensor<4xbf16>, tensor<4xf32>) {
  %a64 = nn.cast %a : tensor<4xbf16> to tensor<4xf64>
  %a16 = nn.cast %a64 : tensor<4xf64> to tensor<4xbf16>
  %b64 = nn.cast %b : tensor<4xf32> to tensor<4xf64>
  %b32 = nn.cast %b64 : tensor<4xf64> to tensor<4xf32>
  func.return %a16, %b32 : tensor<4xbf16>, tensor<4xf32>
}

// -----
// The up-cast stays while something else needs the wide value.
// CHECK-LABEL: func.func @up_cast_with_other_users
// CHECK-NEXT:    %w = nn.cast %x : tensor<4xf16> to tensor<4xf32>
// CHECK-NEXT:    func.return %x, %w : tensor<4xf16>, tensor<4xf32>
func.func @up_cast_with_other_users(%x: tensor<4xf16>) -> (tensor<4xf16>, tensor<4xf32>) {
  %w = nn.cast %x : tensor<4xf16> to tensor<4xf32>
  %y = nn.cast %w : tensor<4xf32> to tensor<4xf16>
  func.return %y, %w : tensor<4xf16>, tensor<4xf32>
}

// -----
// Refused: down then up loses bits (f32 -> f16 -> f32 is not the identity).
// CHECK-LABEL: func.func @down_then_up_stays
// CHECK-NEXT:    %n = nn.cast %x : tensor<4xf32> to tensor<4xf16>
// CHECK-NEXT:    %y = nn.cast %n : tensor<4xf16> to tensor<4xf32>
// CHECK-NEXT:    func.return %y
func.func @down_then_up_stays(%x: tensor<4xf32>) -> tensor<4xf32> {
  %n = nn.cast %x : tensor<4xf32> to tensor<4xf16>
  %y = nn.cast %n : tensor<4xf16> to tensor<4xf32>
  func.return %y : tensor<4xf32>
}

// -----
// Refused: two narrowing casts are not merged (f64 -> f32 -> f16 rounds twice,
// f64 -> f16 once; the results can differ).
// CHECK-LABEL: func.func @double_narrowing_stays
// CHECK-NEXT:    %n = nn.cast %x : tensor<4xf64> to tensor<4xf32>
// CHECK-NEXT:    %y = nn.cast %n : tensor<4xf32> to tensor<4xf16>
// CHECK-NEXT:    func.return %y
func.func @double_narrowing_stays(%x: tensor<4xf64>) -> tensor<4xf16> {
  %n = nn.cast %x : tensor<4xf64> to tensor<4xf32>
  %y = nn.cast %n : tensor<4xf32> to tensor<4xf16>
  func.return %y : tensor<4xf16>
}

// -----
// Refused: f16 -> f32 -> bf16 is not a round trip (it is a real f16 -> bf16 rounding).
// CHECK-LABEL: func.func @different_narrow_type_stays
// CHECK-NEXT:    %w = nn.cast %x : tensor<4xf16> to tensor<4xf32>
// CHECK-NEXT:    %y = nn.cast %w : tensor<4xf32> to tensor<4xbf16>
func.func @different_narrow_type_stays(%x: tensor<4xf16>) -> tensor<4xbf16> {
  %w = nn.cast %x : tensor<4xf16> to tensor<4xf32>
  %y = nn.cast %w : tensor<4xf32> to tensor<4xbf16>
  func.return %y : tensor<4xbf16>
}

// -----
// Refused: a widening cast is never hoisted (the op would move twice the bytes).
// CHECK-LABEL: func.func @widening_not_hoisted
// CHECK-NEXT:    %t = nn.transpose %x {{.*}} -> tensor<3x2xf16>
// CHECK-NEXT:    %y = nn.cast %t : tensor<3x2xf16> to tensor<3x2xf32>
func.func @widening_not_hoisted(%x: tensor<2x3xf16>) -> tensor<3x2xf32> {
  %t = nn.transpose %x {permutation = array<i64: 1, 0>} : (tensor<2x3xf16>) -> tensor<3x2xf16>
  %y = nn.cast %t : tensor<3x2xf16> to tensor<3x2xf32>
  func.return %y : tensor<3x2xf32>
}
