// A cast that reaches a constant is done at compile time (bit-identical to the run-time
// cast); a small inline constant stays inline.
// RUN: nnpipe-opt %s -p cast-hoist | filecheck %s

// CHECK-LABEL: func.func @pad_value
// CHECK-NEXT:    %v_f16 = arith.constant dense<-1.000000e+00> : tensor<f16>
// CHECK-NEXT:    %x_f16 = nn.cast %x : tensor<2x2xf32> to tensor<2x2xf16>
// CHECK-NEXT:    %y = nn.pad %x_f16, %v_f16
// CHECK-NOT:     tensor<f32>
func.func @pad_value(%x: tensor<2x2xf32>) -> tensor<3x3xf16> {
  %v = arith.constant dense<-1.0> : tensor<f32>
  %p = nn.pad %x, %v {low = array<i64: 1, 1>, high = array<i64: 0, 0>} : (tensor<2x2xf32>, tensor<f32>) -> tensor<3x3xf32>
  %y = nn.cast %p : tensor<3x3xf32> to tensor<3x3xf16>
  func.return %y : tensor<3x3xf16>
}

// A gathered embedding table stored as a blob: the new blob is named after the old one.
// CHECK-LABEL: func.func @table
// CHECK-NEXT:    %table_f16 = arith.constant dense_resource<table_f16> : tensor<3x2xf16>
// CHECK-NEXT:    %y = nn.gather %table_f16, %i
// CHECK:         table_f16: "0x02000000003c00400042004400450046"
func.func @table(%i: tensor<2xi32>) -> tensor<2x2xf16> {
  %table = arith.constant dense_resource<table> : tensor<3x2xf32>
  %g = nn.gather %table, %i {axis = 0 : i64} : (tensor<3x2xf32>, tensor<2xi32>) -> tensor<2x2xf32>
  %y = nn.cast %g : tensor<2x2xf32> to tensor<2x2xf16>
  func.return %y : tensor<2x2xf16>
}

{-#
  dialect_resources: {
    builtin: {
      table: "0x040000000000803f0000004000004040000080400000a0400000c040"
    }
  }
#-}
