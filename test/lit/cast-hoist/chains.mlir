// A cast climbs whole chains, and cancels against the widening it undoes.
// RUN: nnpipe-opt %s --split-input-file -p cast-hoist | filecheck %s

// reshape -> transpose -> reshape -> cast  becomes  cast -> reshape -> transpose -> reshape.
// CHECK-LABEL: func.func @chain_to_the_top
// CHECK-NEXT:    %x_f16 = nn.cast %x : tensor<1x4x4x8xf32> to tensor<1x4x4x8xf16>
// CHECK-NEXT:    %r_f16 = nn.reshape %x_f16 : (tensor<1x4x4x8xf16>) -> tensor<1x4x4x2x4xf16>
// CHECK-NEXT:    %t_f16 = nn.transpose %r_f16 {permutation = array<i64: 0, 1, 2, 4, 3>} : (tensor<1x4x4x2x4xf16>) -> tensor<1x4x4x4x2xf16>
// CHECK-NEXT:    %y = nn.reshape %t_f16 : (tensor<1x4x4x4x2xf16>) -> tensor<1x4x4x8xf16>
// CHECK-NEXT:    func.return %y
func.func @chain_to_the_top(%x: tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf16> {
  %r = nn.reshape %x : (tensor<1x4x4x8xf32>) -> tensor<1x4x4x2x4xf32>
  %t = nn.transpose %r {permutation = array<i64: 0, 1, 2, 4, 3>} : (tensor<1x4x4x2x4xf32>) -> tensor<1x4x4x4x2xf32>
  %s = nn.reshape %t : (tensor<1x4x4x4x2xf32>) -> tensor<1x4x4x8xf32>
  %y = nn.cast %s : tensor<1x4x4x8xf32> to tensor<1x4x4x8xf16>
  func.return %y : tensor<1x4x4x8xf16>
}

// -----
// ShuffleNet's channel shuffle between two f16 convs: no f32 data movement is left,
// and both casts are gone.
// CHECK-LABEL: func.func @channel_shuffle
// CHECK-NOT:     f32>
// CHECK-NOT:     nn.cast
// CHECK:         %c = nn.conv2d %x, %w : (tensor<1x4x4x8xf16>, tensor<8x1x1x8xf16>) -> tensor<1x4x4x8xf16>
// CHECK-NEXT:    %r_f16 = nn.reshape %c : (tensor<1x4x4x8xf16>) -> tensor<1x4x4x2x4xf16>
// CHECK-NEXT:    %t_f16 = nn.transpose %r_f16 {permutation = array<i64: 0, 1, 2, 4, 3>} : (tensor<1x4x4x2x4xf16>) -> tensor<1x4x4x4x2xf16>
// CHECK-NEXT:    %y = nn.reshape %t_f16 : (tensor<1x4x4x4x2xf16>) -> tensor<1x4x4x8xf16>
// CHECK-NEXT:    %d = nn.conv2d %y, %w : (tensor<1x4x4x8xf16>, tensor<8x1x1x8xf16>) -> tensor<1x4x4x8xf16>
// CHECK-NEXT:    func.return %d
func.func @channel_shuffle(%x: tensor<1x4x4x8xf16>, %w: tensor<8x1x1x8xf16>) -> tensor<1x4x4x8xf16> {
  %c = nn.conv2d %x, %w : (tensor<1x4x4x8xf16>, tensor<8x1x1x8xf16>) -> tensor<1x4x4x8xf16>
  %wide = nn.cast %c : tensor<1x4x4x8xf16> to tensor<1x4x4x8xf32>
  %r = nn.reshape %wide : (tensor<1x4x4x8xf32>) -> tensor<1x4x4x2x4xf32>
  %t = nn.transpose %r {permutation = array<i64: 0, 1, 2, 4, 3>} : (tensor<1x4x4x2x4xf32>) -> tensor<1x4x4x4x2xf32>
  %s = nn.reshape %t : (tensor<1x4x4x4x2xf32>) -> tensor<1x4x4x8xf32>
  %y = nn.cast %s : tensor<1x4x4x8xf32> to tensor<1x4x4x8xf16>
  %d = nn.conv2d %y, %w : (tensor<1x4x4x8xf16>, tensor<8x1x1x8xf16>) -> tensor<1x4x4x8xf16>
  func.return %d : tensor<1x4x4x8xf16>
}

// -----
// Through relu and max_pool (order-preserving) as well as data movement.
// CHECK-LABEL: func.func @order_preserving
// CHECK-NEXT:    %x_f16 = nn.cast %x : tensor<1x4x4x2xf32> to tensor<1x4x4x2xf16>
// CHECK-NEXT:    %r_f16 = nn.relu %x_f16 : tensor<1x4x4x2xf16>
// CHECK-NEXT:    %y = nn.max_pool %r_f16 {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x4x4x2xf16>) -> tensor<1x2x2x2xf16>
func.func @order_preserving(%x: tensor<1x4x4x2xf32>) -> tensor<1x2x2x2xf16> {
  %r = nn.relu %x : tensor<1x4x4x2xf32>
  %p = nn.max_pool %r {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x4x4x2xf32>) -> tensor<1x2x2x2xf32>
  %y = nn.cast %p : tensor<1x2x2x2xf32> to tensor<1x2x2x2xf16>
  func.return %y : tensor<1x2x2x2xf16>
}

// -----
// Ops that compute stop the climb: avg_pool and add round differently in f16.
// CHECK-LABEL: func.func @computing_ops_stop_it
// CHECK-NEXT:    %a = nn.add %x, %x
// CHECK-NEXT:    %p = nn.avg_pool %a {{.*}} -> tensor<1x2x2x2xf32>
// CHECK-NEXT:    %p_f16 = nn.cast %p : tensor<1x2x2x2xf32> to tensor<1x2x2x2xf16>
// CHECK-NEXT:    %y = nn.transpose %p_f16
func.func @computing_ops_stop_it(%x: tensor<1x4x4x2xf32>) -> tensor<1x2x2x2xf16> {
  %a = nn.add %x, %x : (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  %p = nn.avg_pool %a {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x4x4x2xf32>) -> tensor<1x2x2x2xf32>
  %t = nn.transpose %p {permutation = array<i64: 0, 2, 1, 3>} : (tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %y = nn.cast %t : tensor<1x2x2x2xf32> to tensor<1x2x2x2xf16>
  func.return %y : tensor<1x2x2x2xf16>
}
