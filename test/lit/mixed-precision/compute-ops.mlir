// mixed-precision runs conv, conv_add, gemm and matmul in the low type, casting at
// their boundaries; constants are converted at compile time; other ops keep f32.
// RUN: nnpipe-opt %s --split-input-file -p 'mixed-precision{type=f16}' | filecheck %s
// RUN: nnpipe-opt %s --split-input-file -p 'mixed-precision{type=bf16}' | filecheck %s --check-prefix=BF16

// CHECK-LABEL: func.func @conv
// CHECK-NEXT:    %x_f16 = nn.cast %x : tensor<1x2x2x2xf32> to tensor<1x2x2x2xf16>
// CHECK-NEXT:    %w_f16 = arith.constant dense_resource<w_f16> : tensor<2x1x1x2xf16>
// CHECK-NEXT:    %b_f16 = arith.constant dense<[5.000000e-01, -2.500000e-01]> : tensor<2xf16>
// CHECK-NEXT:    %c_f16 = nn.conv2d %x_f16, %w_f16, %b_f16 : (tensor<1x2x2x2xf16>, tensor<2x1x1x2xf16>, tensor<2xf16>) -> tensor<1x2x2x2xf16>
// CHECK-NEXT:    %c = nn.cast %c_f16 : tensor<1x2x2x2xf16> to tensor<1x2x2x2xf32>
// CHECK-NEXT:    %s = nn.softmax %c {axis = 3 : i64} : tensor<1x2x2x2xf32>
// CHECK-NEXT:    func.return %s
// CHECK:         w_f16: "0x02000000003c003800b400b8"
// BF16-LABEL:  func.func @conv
// BF16:          nn.conv2d {{.*}} -> tensor<1x2x2x2xbf16>
func.func @conv(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = arith.constant dense_resource<w> : tensor<2x1x1x2xf32>
  %b = arith.constant dense<[0.5, -0.25]> : tensor<2xf32>
  %c = nn.conv2d %x, %w, %b : (tensor<1x2x2x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %s = nn.softmax %c {axis = 3 : i64} : tensor<1x2x2x2xf32>
  func.return %s : tensor<1x2x2x2xf32>
}

{-#
  dialect_resources: {
    builtin: {
      w: "0x040000000000803f0000003f000080be000000bf"
    }
  }
#-}

// -----
// A weight shared by two convs is converted once; the f32 original goes.
// CHECK-LABEL: func.func @shared_weight
// CHECK-NEXT:    %x_f16 = nn.cast %x
// CHECK-NEXT:    %w_f16 = arith.constant dense<1.000000e+00> : tensor<2x1x1x2xf16>
// CHECK-NOT:     arith.constant
// CHECK:         %a_f16 = nn.conv2d %x_f16, %w_f16
// CHECK:         %a_f16_1 = nn.cast %a : tensor<1x2x2x2xf32> to tensor<1x2x2x2xf16>
// CHECK-NEXT:    %b_f16 = nn.conv2d %a_f16_1, %w_f16
func.func @shared_weight(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = arith.constant dense<1.0> : tensor<2x1x1x2xf32>
  %a = nn.conv2d %x, %w : (tensor<1x2x2x2xf32>, tensor<2x1x1x2xf32>) -> tensor<1x2x2x2xf32>
  %b = nn.conv2d %a, %w : (tensor<1x2x2x2xf32>, tensor<2x1x1x2xf32>) -> tensor<1x2x2x2xf32>
  func.return %b : tensor<1x2x2x2xf32>
}

// -----
// A value used by several compute ops is cast once, right after its definition.
// CHECK-LABEL: func.func @conv_add_gemm_matmul
// CHECK-COUNT-7: nn.cast %{{[a-z]+}} : {{.*}}xf32> to {{.*}}xf16>
// CHECK-NOT:     nn.cast %a
// CHECK:         nn.conv_add %x_f16, %w_f16, %y_f16 : (tensor<1x2x2x2xf16>, tensor<2x1x1x2xf16>, tensor<1x2x2x2xf16>) -> tensor<1x2x2x2xf16>
// CHECK:         nn.gemm %a_f16, %b_f16, %c_f16 {trans_b = true} : (tensor<2x3xf16>, tensor<4x3xf16>, tensor<4xf16>) -> tensor<2x4xf16>
// CHECK:         nn.matmul %a_f16, %m_f16 : (tensor<2x3xf16>, tensor<3x5xf16>) -> tensor<2x5xf16>
func.func @conv_add_gemm_matmul(%x: tensor<1x2x2x2xf32>, %w: tensor<2x1x1x2xf32>, %y: tensor<1x2x2x2xf32>,
                                %a: tensor<2x3xf32>, %b: tensor<4x3xf32>, %c: tensor<4xf32>, %m: tensor<3x5xf32>)
    -> (tensor<1x2x2x2xf32>, tensor<2x4xf32>, tensor<2x5xf32>) {
  %ca = nn.conv_add %x, %w, %y : (tensor<1x2x2x2xf32>, tensor<2x1x1x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %g = nn.gemm %a, %b, %c {trans_b = true} : (tensor<2x3xf32>, tensor<4x3xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  %mm = nn.matmul %a, %m : (tensor<2x3xf32>, tensor<3x5xf32>) -> tensor<2x5xf32>
  func.return %ca, %g, %mm : tensor<1x2x2x2xf32>, tensor<2x4xf32>, tensor<2x5xf32>
}

// -----
// Numerically sensitive and elementwise ops stay f32; ops already in f16 are left alone.
// CHECK-LABEL: func.func @left_alone
// CHECK-NOT:     nn.cast
// CHECK:         nn.batch_norm {{.*}} -> tensor<1x2x2x2xf32>
// CHECK-NEXT:    nn.global_avg_pool {{.*}} -> tensor<1x1x1x2xf32>
// CHECK-NEXT:    nn.add {{.*}} -> tensor<1x1x1x2xf32>
// CHECK-NEXT:    nn.conv2d {{.*}} -> tensor<1x2x2x2xf16>
// CHECK-NOT:     nn.cast
func.func @left_alone(%x: tensor<1x2x2x2xf32>, %s: tensor<2xf32>, %h: tensor<1x2x2x2xf16>, %w: tensor<2x1x1x2xf16>)
    -> (tensor<1x1x1x2xf32>, tensor<1x2x2x2xf16>) {
  %bn = nn.batch_norm %x, %s, %s, %s, %s : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %g = nn.global_avg_pool %bn : (tensor<1x2x2x2xf32>) -> tensor<1x1x1x2xf32>
  %a = nn.add %g, %g : (tensor<1x1x1x2xf32>, tensor<1x1x1x2xf32>) -> tensor<1x1x1x2xf32>
  %c = nn.conv2d %h, %w : (tensor<1x2x2x2xf16>, tensor<2x1x1x2xf16>) -> tensor<1x2x2x2xf16>
  func.return %a, %c : tensor<1x1x1x2xf32>, tensor<1x2x2x2xf16>
}
