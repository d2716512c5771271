// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// The addend has the conv result's type.

func.func @main(%x: tensor<1x8x8x4xf32>, %w: tensor<8x3x3x4xf32>, %a: tensor<1x6x6x8xf16>) -> tensor<1x6x6x8xf32> {
  %y = nn.conv_add %x, %w, %a : (tensor<1x8x8x4xf32>, tensor<8x3x3x4xf32>, tensor<1x6x6x8xf16>) -> tensor<1x6x6x8xf32>
  func.return %y : tensor<1x6x6x8xf32>
}

// CHECK: {{.*}}/verify/conv_add-addend-type.mlir:6:3: error: 'nn.conv_add' op addend %a has type tensor<1x6x6x8xf16>, expected tensor<1x6x6x8xf32> (the conv result type)
