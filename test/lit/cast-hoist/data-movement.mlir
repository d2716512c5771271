// Every data-movement op lets a narrowing cast through, onto its data operands only.
// RUN: nnpipe-opt %s --split-input-file -p cast-hoist | filecheck %s

// CHECK-LABEL: func.func @transpose
// CHECK-NEXT:    %x_f16 = nn.cast %x : tensor<2x3xf32> to tensor<2x3xf16>
// CHECK-NEXT:    %y = nn.transpose %x_f16 {permutation = array<i64: 1, 0>} : (tensor<2x3xf16>) -> tensor<3x2xf16>
// CHECK-NEXT:    func.return %y
func.func @transpose(%x: tensor<2x3xf32>) -> tensor<3x2xf16> {
  %t = nn.transpose %x {permutation = array<i64: 1, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  %y = nn.cast %t : tensor<3x2xf32> to tensor<3x2xf16>
  func.return %y : tensor<3x2xf16>
}

// -----
// CHECK-LABEL: func.func @reshape_to_bf16
// CHECK-NEXT:    %x_bf16 = nn.cast %x : tensor<2x3xf32> to tensor<2x3xbf16>
// CHECK-NEXT:    %y = nn.reshape %x_bf16 : (tensor<2x3xbf16>) -> tensor<6xbf16>
func.func @reshape_to_bf16(%x: tensor<2x3xf32>) -> tensor<6xbf16> {
  %r = nn.reshape %x : (tensor<2x3xf32>) -> tensor<6xf32>
  %y = nn.cast %r : tensor<6xf32> to tensor<6xbf16>
  func.return %y : tensor<6xbf16>
}

// -----
// f64 -> f32 is narrowing too.
// CHECK-LABEL: func.func @broadcast_f64
// CHECK-NEXT:    %x_f32 = nn.cast %x : tensor<1x3xf64> to tensor<1x3xf32>
// CHECK-NEXT:    %y = nn.broadcast %x_f32 : (tensor<1x3xf32>) -> tensor<4x3xf32>
func.func @broadcast_f64(%x: tensor<1x3xf64>) -> tensor<4x3xf32> {
  %b = nn.broadcast %x : (tensor<1x3xf64>) -> tensor<4x3xf64>
  %y = nn.cast %b : tensor<4x3xf64> to tensor<4x3xf32>
  func.return %y : tensor<4x3xf32>
}

// -----
// CHECK-LABEL: func.func @slice
// CHECK-NEXT:    %x_f16 = nn.cast %x : tensor<8xf32> to tensor<8xf16>
// CHECK-NEXT:    %y = nn.slice %x_f16 {offsets = array<i64: 7>, strides = array<i64: -2>} : (tensor<8xf16>) -> tensor<4xf16>
func.func @slice(%x: tensor<8xf32>) -> tensor<4xf16> {
  %s = nn.slice %x {offsets = array<i64: 7>, strides = array<i64: -2>} : (tensor<8xf32>) -> tensor<4xf32>
  %y = nn.cast %s : tensor<4xf32> to tensor<4xf16>
  func.return %y : tensor<4xf16>
}

// -----
// Every operand of a concat carries data; a value used twice is cast once.
// CHECK-LABEL: func.func @concat
// CHECK-NEXT:    %a_f16 = nn.cast %a : tensor<2x3xf32> to tensor<2x3xf16>
// CHECK-NEXT:    %b_f16 = nn.cast %b : tensor<2x1xf32> to tensor<2x1xf16>
// CHECK-NEXT:    %y = nn.concat %a_f16, %b_f16, %a_f16 {axis = 1 : i64} : (tensor<2x3xf16>, tensor<2x1xf16>, tensor<2x3xf16>) -> tensor<2x7xf16>
func.func @concat(%a: tensor<2x3xf32>, %b: tensor<2x1xf32>) -> tensor<2x7xf16> {
  %c = nn.concat %a, %b, %a {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x1xf32>, tensor<2x3xf32>) -> tensor<2x7xf32>
  %y = nn.cast %c : tensor<2x7xf32> to tensor<2x7xf16>
  func.return %y : tensor<2x7xf16>
}

// -----
// The pad value is copied into the result, so it is cast too.
// CHECK-LABEL: func.func @pad
// CHECK-NEXT:    %x_f16 = nn.cast %x : tensor<2x2xf32> to tensor<2x2xf16>
// CHECK-NEXT:    %v_f16 = nn.cast %v : tensor<f32> to tensor<f16>
// CHECK-NEXT:    %y = nn.pad %x_f16, %v_f16 {low = array<i64: 1, 0>, high = array<i64: 0, 2>} : (tensor<2x2xf16>, tensor<f16>) -> tensor<3x4xf16>
func.func @pad(%x: tensor<2x2xf32>, %v: tensor<f32>) -> tensor<3x4xf16> {
  %p = nn.pad %x, %v {low = array<i64: 1, 0>, high = array<i64: 0, 2>} : (tensor<2x2xf32>, tensor<f32>) -> tensor<3x4xf32>
  %y = nn.cast %p : tensor<3x4xf32> to tensor<3x4xf16>
  func.return %y : tensor<3x4xf16>
}

// -----
// Gather: the data is cast, the indices keep their integer type.
// CHECK-LABEL: func.func @gather
// CHECK-NEXT:    %d_f16 = nn.cast %d : tensor<5x3xf32> to tensor<5x3xf16>
// CHECK-NEXT:    %y = nn.gather %d_f16, %i {axis = 0 : i64} : (tensor<5x3xf16>, tensor<4xi64>) -> tensor<4x3xf16>
// CHECK-NOT:     nn.cast %i
func.func @gather(%d: tensor<5x3xf32>, %i: tensor<4xi64>) -> tensor<4x3xf16> {
  %g = nn.gather %d, %i {axis = 0 : i64} : (tensor<5x3xf32>, tensor<4xi64>) -> tensor<4x3xf32>
  %y = nn.cast %g : tensor<4x3xf32> to tensor<4x3xf16>
  func.return %y : tensor<4x3xf16>
}

// -----
// Scatter: data and updates are cast, never the indices.
// CHECK-LABEL: func.func @scatter
// CHECK-NEXT:    %d_f16 = nn.cast %d : tensor<4x3xf32> to tensor<4x3xf16>
// CHECK-NEXT:    %u_f16 = nn.cast %u : tensor<2x3xf32> to tensor<2x3xf16>
// CHECK-NEXT:    %y = nn.scatter %d_f16, %i, %u_f16 {axis = 0 : i64} : (tensor<4x3xf16>, tensor<2x3xi32>, tensor<2x3xf16>) -> tensor<4x3xf16>
func.func @scatter(%d: tensor<4x3xf32>, %i: tensor<2x3xi32>, %u: tensor<2x3xf32>) -> tensor<4x3xf16> {
  %s = nn.scatter %d, %i, %u {axis = 0 : i64} : (tensor<4x3xf32>, tensor<2x3xi32>, tensor<2x3xf32>) -> tensor<4x3xf32>
  %y = nn.cast %s : tensor<4x3xf32> to tensor<4x3xf16>
  func.return %y : tensor<4x3xf16>
}

// -----
// scatter_nd with reduction max selects elements: it moves data (ties: +0.0 wins).
// CHECK-LABEL: func.func @scatter_nd_max
// CHECK-NEXT:    %d_f16 = nn.cast %d : tensor<4x3xf32> to tensor<4x3xf16>
// CHECK-NEXT:    %u_f16 = nn.cast %u : tensor<2x3xf32> to tensor<2x3xf16>
// CHECK-NEXT:    %y = nn.scatter_nd %d_f16, %i, %u_f16 {reduction = #nn.reduction<max>} : (tensor<4x3xf16>, tensor<2x1xi64>, tensor<2x3xf16>) -> tensor<4x3xf16>
func.func @scatter_nd_max(%d: tensor<4x3xf32>, %i: tensor<2x1xi64>, %u: tensor<2x3xf32>) -> tensor<4x3xf16> {
  %s = nn.scatter_nd %d, %i, %u {reduction = #nn.reduction<max>} : (tensor<4x3xf32>, tensor<2x1xi64>, tensor<2x3xf32>) -> tensor<4x3xf32>
  %y = nn.cast %s : tensor<4x3xf32> to tensor<4x3xf16>
  func.return %y : tensor<4x3xf16>
}

// -----
// Refused: scatter with reduction add computes (f16 sums round differently).
// CHECK-LABEL: func.func @scatter_add_computes
// CHECK-NEXT:    %s = nn.scatter %d, %i, %u {axis = 0 : i64, reduction = #nn.reduction<add>} : (tensor<4x3xf32>, tensor<2x3xi32>, tensor<2x3xf32>) -> tensor<4x3xf32>
// CHECK-NEXT:    %y = nn.cast %s : tensor<4x3xf32> to tensor<4x3xf16>
func.func @scatter_add_computes(%d: tensor<4x3xf32>, %i: tensor<2x3xi32>, %u: tensor<2x3xf32>) -> tensor<4x3xf16> {
  %s = nn.scatter %d, %i, %u {axis = 0 : i64, reduction = #nn.reduction<add>} : (tensor<4x3xf32>, tensor<2x3xi32>, tensor<2x3xf32>) -> tensor<4x3xf32>
  %y = nn.cast %s : tensor<4x3xf32> to tensor<4x3xf16>
  func.return %y : tensor<4x3xf16>
}
