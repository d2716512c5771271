// The seed example: the right branch's conv is defined after the left one and both
// feed the add, so the right conv (the later one) fuses with the left as addend.
// RUN: nnpipe-opt %S/../../../examples/residual.mlir -p fuse-conv-add | filecheck %s

// CHECK:      %left = nn.conv2d %r, %w1, %b1 {padding = array<i64: 1, 1, 1, 1>}
// CHECK-NEXT: %y = nn.conv_add %x, %w2, %left : (tensor<1x16x16x8xf32>, tensor<16x1x1x8xf32>, tensor<1x16x16x16xf32>) -> tensor<1x16x16x16xf32>
// CHECK-NEXT: func.return %y
// CHECK-NOT:  nn.add
