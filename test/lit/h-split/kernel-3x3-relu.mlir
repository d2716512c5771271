// RUN: nnpipe-opt %s -p 'h-split{tiles=2}' | filecheck %s --check-prefix=N2
// RUN: nnpipe-opt %s -p 'h-split{tiles=4}' | filecheck %s --check-prefix=N4
// RUN: nnpipe-run %s --seed 3 --outputs %t.nn.npz
// RUN: nnpipe-opt %s -p 'h-split{tiles=4}' -o %t.pipe.mlir
// RUN: nnpipe-run %t.pipe.mlir --seed 3 --compare %t.nn.npz --tolerance 1e-6 | filecheck %s --check-prefix=CMP

// 3x3 kernel, padding 1 on every side, bias and relu: the edge tiles pad themselves
// (pad [1, 0] on top, [0, 1] at the bottom), inner tiles read a one-row halo above
// and below; W padding stays on the tile's conv. The add engine adds and applies relu.
func.func @k3_relu(%x: tensor<1x8x4x2xf32>, %w: tensor<4x3x3x2xf32>, %z: tensor<1x8x4x4xf32>, %b: tensor<4xf32>) -> tensor<1x8x4x4xf32> {
  %y = nn.conv_add %x, %w, %z, %b {padding = array<i64: 1, 1, 1, 1>, activation = #nn.activation<relu>} : (tensor<1x8x4x2xf32>, tensor<4x3x3x2xf32>, tensor<1x8x4x4xf32>, tensor<4xf32>) -> tensor<1x8x4x4xf32>
  func.return %y : tensor<1x8x4x4xf32>
}

// CMP: result0: max relative error {{.*}} (tolerance 1e-06)

// N2: %y = pipe.pipeline "nn.conv_add" along h tiles 2 (%input = %x, %weight = %w, %addend = %z, %bias = %b) : (tensor<1x8x4x2xf32>, tensor<4x3x3x2xf32>, tensor<1x8x4x4xf32>, tensor<4xf32>) -> tensor<1x8x4x4xf32> attributes {padding = array<i64: 1, 1, 1, 1>, activation = #nn.activation<relu>} {
// N2-NEXT: %conv0 = pipe.stage 0 -> (tensor<1x4x4x4xf32>) {
// N2-NEXT: %x0 = pipe.tile %input tile 0 rows [0, 5) pad [1, 0] : tensor<1x8x4x2xf32> -> tensor<1x6x4x2xf32>
// N2-NEXT: %c0 = nn.conv2d %x0, %weight, %bias {padding = array<i64: 0, 0, 1, 1>} : (tensor<1x6x4x2xf32>, tensor<4x3x3x2xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32>
// N2-NEXT: pipe.yield %c0 : tensor<1x4x4x4xf32>
// N2-NEXT: }
// N2-NEXT: pipe.barrier
// N2-NEXT: %out0, %conv1 = pipe.stage 1 -> (tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>) {
// N2-NEXT: %z0 = pipe.tile %addend tile 0 rows [0, 4) pad [0, 0] : tensor<1x8x4x4xf32> -> tensor<1x4x4x4xf32>
// N2-NEXT: %s0 = nn.add %conv0, %z0 : (tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
// N2-NEXT: %r0 = nn.relu %s0 : tensor<1x4x4x4xf32>
// N2-NEXT: %x1 = pipe.tile %input tile 1 rows [3, 8) pad [0, 1] : tensor<1x8x4x2xf32> -> tensor<1x6x4x2xf32>
// N2-NEXT: %c1 = nn.conv2d %x1, %weight, %bias {padding = array<i64: 0, 0, 1, 1>} : (tensor<1x6x4x2xf32>, tensor<4x3x3x2xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32>
// N2-NEXT: pipe.yield %r0, %c1 : tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>
// N2-NEXT: }
// N2-NEXT: pipe.barrier
// N2-NEXT: %out1 = pipe.stage 2 -> (tensor<1x4x4x4xf32>) {
// N2-NEXT: %z1 = pipe.tile %addend tile 1 rows [4, 8) pad [0, 0] : tensor<1x8x4x4xf32> -> tensor<1x4x4x4xf32>
// N2-NEXT: %s1 = nn.add %conv1, %z1 : (tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
// N2-NEXT: %r1 = nn.relu %s1 : tensor<1x4x4x4xf32>
// N2-NEXT: pipe.yield %r1 : tensor<1x4x4x4xf32>
// N2-NEXT: }
// N2-NEXT: pipe.barrier
// N2-NEXT: %result = pipe.assemble %out0 [0, 4), %out1 [4, 8) : tensor<1x8x4x4xf32>
// N2-NEXT: pipe.yield %result : tensor<1x8x4x4xf32>
// N2-NEXT: }
// N2-NEXT: func.return %y : tensor<1x8x4x4xf32>

// N4: %y = pipe.pipeline "nn.conv_add" along h tiles 4 (%input = %x, %weight = %w, %addend = %z, %bias = %b) : (tensor<1x8x4x2xf32>, tensor<4x3x3x2xf32>, tensor<1x8x4x4xf32>, tensor<4xf32>) -> tensor<1x8x4x4xf32> attributes {padding = array<i64: 1, 1, 1, 1>, activation = #nn.activation<relu>} {
// N4-NEXT: %conv0 = pipe.stage 0 -> (tensor<1x2x4x4xf32>) {
// N4-NEXT: %x0 = pipe.tile %input tile 0 rows [0, 3) pad [1, 0] : tensor<1x8x4x2xf32> -> tensor<1x4x4x2xf32>
// N4-NEXT: %c0 = nn.conv2d %x0, %weight, %bias {padding = array<i64: 0, 0, 1, 1>} : (tensor<1x4x4x2xf32>, tensor<4x3x3x2xf32>, tensor<4xf32>) -> tensor<1x2x4x4xf32>
// N4-NEXT: pipe.yield %c0 : tensor<1x2x4x4xf32>
// N4-NEXT: }
// N4-NEXT: pipe.barrier
// N4-NEXT: %out0, %conv1 = pipe.stage 1 -> (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) {
// N4-NEXT: %z0 = pipe.tile %addend tile 0 rows [0, 2) pad [0, 0] : tensor<1x8x4x4xf32> -> tensor<1x2x4x4xf32>
// N4-NEXT: %s0 = nn.add %conv0, %z0 : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
// N4-NEXT: %r0 = nn.relu %s0 : tensor<1x2x4x4xf32>
// N4-NEXT: %x1 = pipe.tile %input tile 1 rows [1, 5) pad [0, 0] : tensor<1x8x4x2xf32> -> tensor<1x4x4x2xf32>
// N4-NEXT: %c1 = nn.conv2d %x1, %weight, %bias {padding = array<i64: 0, 0, 1, 1>} : (tensor<1x4x4x2xf32>, tensor<4x3x3x2xf32>, tensor<4xf32>) -> tensor<1x2x4x4xf32>
// N4-NEXT: pipe.yield %r0, %c1 : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>
// N4-NEXT: }
// N4-NEXT: pipe.barrier
// N4-NEXT: %out1, %conv2 = pipe.stage 2 -> (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) {
// N4-NEXT: %z1 = pipe.tile %addend tile 1 rows [2, 4) pad [0, 0] : tensor<1x8x4x4xf32> -> tensor<1x2x4x4xf32>
// N4-NEXT: %s1 = nn.add %conv1, %z1 : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
// N4-NEXT: %r1 = nn.relu %s1 : tensor<1x2x4x4xf32>
// N4-NEXT: %x2 = pipe.tile %input tile 2 rows [3, 7) pad [0, 0] : tensor<1x8x4x2xf32> -> tensor<1x4x4x2xf32>
// N4-NEXT: %c2 = nn.conv2d %x2, %weight, %bias {padding = array<i64: 0, 0, 1, 1>} : (tensor<1x4x4x2xf32>, tensor<4x3x3x2xf32>, tensor<4xf32>) -> tensor<1x2x4x4xf32>
// N4-NEXT: pipe.yield %r1, %c2 : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>
// N4-NEXT: }
// N4-NEXT: pipe.barrier
// N4-NEXT: %out2, %conv3 = pipe.stage 3 -> (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) {
// N4-NEXT: %z2 = pipe.tile %addend tile 2 rows [4, 6) pad [0, 0] : tensor<1x8x4x4xf32> -> tensor<1x2x4x4xf32>
// N4-NEXT: %s2 = nn.add %conv2, %z2 : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
// N4-NEXT: %r2 = nn.relu %s2 : tensor<1x2x4x4xf32>
// N4-NEXT: %x3 = pipe.tile %input tile 3 rows [5, 8) pad [0, 1] : tensor<1x8x4x2xf32> -> tensor<1x4x4x2xf32>
// N4-NEXT: %c3 = nn.conv2d %x3, %weight, %bias {padding = array<i64: 0, 0, 1, 1>} : (tensor<1x4x4x2xf32>, tensor<4x3x3x2xf32>, tensor<4xf32>) -> tensor<1x2x4x4xf32>
// N4-NEXT: pipe.yield %r2, %c3 : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>
// N4-NEXT: }
// N4-NEXT: pipe.barrier
// N4-NEXT: %out3 = pipe.stage 4 -> (tensor<1x2x4x4xf32>) {
// N4-NEXT: %z3 = pipe.tile %addend tile 3 rows [6, 8) pad [0, 0] : tensor<1x8x4x4xf32> -> tensor<1x2x4x4xf32>
// N4-NEXT: %s3 = nn.add %conv3, %z3 : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
// N4-NEXT: %r3 = nn.relu %s3 : tensor<1x2x4x4xf32>
// N4-NEXT: pipe.yield %r3 : tensor<1x2x4x4xf32>
// N4-NEXT: }
// N4-NEXT: pipe.barrier
// N4-NEXT: %result = pipe.assemble %out0 [0, 2), %out1 [2, 4), %out2 [4, 6), %out3 [6, 8) : tensor<1x8x4x4xf32>
// N4-NEXT: pipe.yield %result : tensor<1x8x4x4xf32>
// N4-NEXT: }
// N4-NEXT: func.return %y : tensor<1x8x4x4xf32>
