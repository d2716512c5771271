// Fan-out: hoist when every user is the same cast (merged into one); a user that
// needs the wide value blocks it, unless allow-duplicate is given.
// RUN: nnpipe-opt %s --split-input-file -p cast-hoist | filecheck %s
// RUN: nnpipe-opt %s --split-input-file -p 'cast-hoist{allow-duplicate=true}' | filecheck %s --check-prefix=DUP

// CHECK-LABEL: func.func @same_casts_merge
// CHECK-NEXT:    %x_f16 = nn.cast %x : tensor<2x3xf32> to tensor<2x3xf16>
// CHECK-NEXT:    %a = nn.transpose %x_f16 {{.*}} -> tensor<3x2xf16>
// CHECK-NEXT:    func.return %a, %a : tensor<3x2xf16>, tensor<3x2xf16>
func.func @same_casts_merge(%x: tensor<2x3xf32>) -> (tensor<3x2xf16>, tensor<3x2xf16>) {
  %t = nn.transpose %x {permutation = array<i64: 1, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  %a = nn.cast %t : tensor<3x2xf32> to tensor<3x2xf16>
  %b = nn.cast %t : tensor<3x2xf32> to tensor<3x2xf16>
  func.return %a, %b : tensor<3x2xf16>, tensor<3x2xf16>
}

// -----
// Refused: the transpose result is also returned in f32.
// CHECK-LABEL: func.func @mixed_fan_out
// CHECK-NEXT:    %t = nn.transpose %x {{.*}} -> tensor<3x2xf32>
// CHECK-NEXT:    %a = nn.cast %t : tensor<3x2xf32> to tensor<3x2xf16>
// CHECK-NEXT:    func.return %a, %t
// DUP-LABEL:   func.func @mixed_fan_out
// DUP-NEXT:      %x_f16 = nn.cast %x : tensor<2x3xf32> to tensor<2x3xf16>
// DUP-NEXT:      %a = nn.transpose %x_f16 {{.*}} -> tensor<3x2xf16>
// DUP-NEXT:      %t = nn.transpose %x {{.*}} -> tensor<3x2xf32>
// DUP-NEXT:      func.return %a, %t
func.func @mixed_fan_out(%x: tensor<2x3xf32>) -> (tensor<3x2xf16>, tensor<3x2xf32>) {
  %t = nn.transpose %x {permutation = array<i64: 1, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  %a = nn.cast %t : tensor<3x2xf32> to tensor<3x2xf16>
  func.return %a, %t : tensor<3x2xf16>, tensor<3x2xf32>
}

// -----
// Refused: two different narrow types want the value.
// CHECK-LABEL: func.func @different_casts
// CHECK-NEXT:    %t = nn.transpose %x {{.*}} -> tensor<3x2xf32>
// CHECK-NEXT:    %a = nn.cast %t : tensor<3x2xf32> to tensor<3x2xf16>
// CHECK-NEXT:    %b = nn.cast %t : tensor<3x2xf32> to tensor<3x2xbf16>
// DUP-LABEL:   func.func @different_casts
// DUP-NEXT:      %x_f16 = nn.cast %x : tensor<2x3xf32> to tensor<2x3xf16>
// DUP-NEXT:      %a = nn.transpose %x_f16 {{.*}} -> tensor<3x2xf16>
// DUP-NEXT:      %x_bf16 = nn.cast %x : tensor<2x3xf32> to tensor<2x3xbf16>
// DUP-NEXT:      %b = nn.transpose %x_bf16 {{.*}} -> tensor<3x2xbf16>
// DUP-NEXT:      func.return %a, %b
func.func @different_casts(%x: tensor<2x3xf32>) -> (tensor<3x2xf16>, tensor<3x2xbf16>) {
  %t = nn.transpose %x {permutation = array<i64: 1, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  %a = nn.cast %t : tensor<3x2xf32> to tensor<3x2xf16>
  %b = nn.cast %t : tensor<3x2xf32> to tensor<3x2xbf16>
  func.return %a, %b : tensor<3x2xf16>, tensor<3x2xbf16>
}

// -----
// An operand's other users do not matter: the cast moves onto %x, %x stays f32 too.
// CHECK-LABEL: func.func @operand_fan_out
// CHECK-NEXT:    %x_f16 = nn.cast %x : tensor<2x3xf32> to tensor<2x3xf16>
// CHECK-NEXT:    %a = nn.transpose %x_f16
// CHECK-NEXT:    func.return %a, %x
func.func @operand_fan_out(%x: tensor<2x3xf32>) -> (tensor<3x2xf16>, tensor<2x3xf32>) {
  %t = nn.transpose %x {permutation = array<i64: 1, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  %a = nn.cast %t : tensor<3x2xf32> to tensor<3x2xf16>
  func.return %a, %x : tensor<3x2xf16>, tensor<2x3xf32>
}
