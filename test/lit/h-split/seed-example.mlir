// The seed example (examples/residual.mlir) after nn-optimize: its conv_add is the
// 1x1 conv of the right branch with the left branch as addend. A 1x1 kernel without
// padding needs no halo: every tile reads exactly its own rows.
// RUN: nnpipe-opt %S/../../../examples/residual.mlir -p 'nn-optimize,h-split{tiles=2}' | filecheck %s --check-prefix=N2
// RUN: nnpipe-opt %S/../../../examples/residual.mlir -p 'nn-optimize,h-split{tiles=4}' | filecheck %s --check-prefix=N4

// Two tiles, three stages: conv(t0); add(t0) ∥ conv(t1); add(t1).
// N2: %y = pipe.pipeline "nn.conv_add" along h tiles 2 (%input = %x, %weight = %w2, %addend = %left) : (tensor<1x16x16x8xf32>, tensor<16x1x1x8xf32>, tensor<1x16x16x16xf32>) -> tensor<1x16x16x16xf32> {
// N2-NEXT: %conv0 = pipe.stage 0 -> (tensor<1x8x16x16xf32>) {
// N2-NEXT: %x0 = pipe.tile %input tile 0 rows [0, 8) pad [0, 0] : tensor<1x16x16x8xf32> -> tensor<1x8x16x8xf32>
// N2-NEXT: %c0 = nn.conv2d %x0, %weight : (tensor<1x8x16x8xf32>, tensor<16x1x1x8xf32>) -> tensor<1x8x16x16xf32>
// N2-NEXT: pipe.yield %c0 : tensor<1x8x16x16xf32>
// N2-NEXT: }
// N2-NEXT: pipe.barrier
// N2-NEXT: %out0, %conv1 = pipe.stage 1 -> (tensor<1x8x16x16xf32>, tensor<1x8x16x16xf32>) {
// N2-NEXT: %z0 = pipe.tile %addend tile 0 rows [0, 8) pad [0, 0] : tensor<1x16x16x16xf32> -> tensor<1x8x16x16xf32>
// N2-NEXT: %s0 = nn.add %conv0, %z0 : (tensor<1x8x16x16xf32>, tensor<1x8x16x16xf32>) -> tensor<1x8x16x16xf32>
// N2-NEXT: %x1 = pipe.tile %input tile 1 rows [8, 16) pad [0, 0] : tensor<1x16x16x8xf32> -> tensor<1x8x16x8xf32>
// N2-NEXT: %c1 = nn.conv2d %x1, %weight : (tensor<1x8x16x8xf32>, tensor<16x1x1x8xf32>) -> tensor<1x8x16x16xf32>
// N2-NEXT: pipe.yield %s0, %c1 : tensor<1x8x16x16xf32>, tensor<1x8x16x16xf32>
// N2-NEXT: }
// N2-NEXT: pipe.barrier
// N2-NEXT: %out1 = pipe.stage 2 -> (tensor<1x8x16x16xf32>) {
// N2-NEXT: %z1 = pipe.tile %addend tile 1 rows [8, 16) pad [0, 0] : tensor<1x16x16x16xf32> -> tensor<1x8x16x16xf32>
// N2-NEXT: %s1 = nn.add %conv1, %z1 : (tensor<1x8x16x16xf32>, tensor<1x8x16x16xf32>) -> tensor<1x8x16x16xf32>
// N2-NEXT: pipe.yield %s1 : tensor<1x8x16x16xf32>
// N2-NEXT: }
// N2-NEXT: pipe.barrier
// N2-NEXT: %result = pipe.assemble %out0 [0, 8), %out1 [8, 16) : tensor<1x16x16x16xf32>
// N2-NEXT: pipe.yield %result : tensor<1x16x16x16xf32>
// N2-NEXT: }
// N2-NEXT: func.return %y : tensor<1x16x16x16xf32>

// Four tiles, five stages, a barrier after each.
// N4: %y = pipe.pipeline "nn.conv_add" along h tiles 4 (%input = %x, %weight = %w2, %addend = %left) : (tensor<1x16x16x8xf32>, tensor<16x1x1x8xf32>, tensor<1x16x16x16xf32>) -> tensor<1x16x16x16xf32> {
// N4-NEXT: %conv0 = pipe.stage 0 -> (tensor<1x4x16x16xf32>) {
// N4-NEXT: %x0 = pipe.tile %input tile 0 rows [0, 4) pad [0, 0] : tensor<1x16x16x8xf32> -> tensor<1x4x16x8xf32>
// N4-NEXT: %c0 = nn.conv2d %x0, %weight : (tensor<1x4x16x8xf32>, tensor<16x1x1x8xf32>) -> tensor<1x4x16x16xf32>
// N4-NEXT: pipe.yield %c0 : tensor<1x4x16x16xf32>
// N4-NEXT: }
// N4-NEXT: pipe.barrier
// N4-NEXT: %out0, %conv1 = pipe.stage 1 -> (tensor<1x4x16x16xf32>, tensor<1x4x16x16xf32>) {
// N4-NEXT: %z0 = pipe.tile %addend tile 0 rows [0, 4) pad [0, 0] : tensor<1x16x16x16xf32> -> tensor<1x4x16x16xf32>
// N4-NEXT: %s0 = nn.add %conv0, %z0 : (tensor<1x4x16x16xf32>, tensor<1x4x16x16xf32>) -> tensor<1x4x16x16xf32>
// N4-NEXT: %x1 = pipe.tile %input tile 1 rows [4, 8) pad [0, 0] : tensor<1x16x16x8xf32> -> tensor<1x4x16x8xf32>
// N4-NEXT: %c1 = nn.conv2d %x1, %weight : (tensor<1x4x16x8xf32>, tensor<16x1x1x8xf32>) -> tensor<1x4x16x16xf32>
// N4-NEXT: pipe.yield %s0, %c1 : tensor<1x4x16x16xf32>, tensor<1x4x16x16xf32>
// N4-NEXT: }
// N4-NEXT: pipe.barrier
// N4-NEXT: %out1, %conv2 = pipe.stage 2 -> (tensor<1x4x16x16xf32>, tensor<1x4x16x16xf32>) {
// N4-NEXT: %z1 = pipe.tile %addend tile 1 rows [4, 8) pad [0, 0] : tensor<1x16x16x16xf32> -> tensor<1x4x16x16xf32>
// N4-NEXT: %s1 = nn.add %conv1, %z1 : (tensor<1x4x16x16xf32>, tensor<1x4x16x16xf32>) -> tensor<1x4x16x16xf32>
// N4-NEXT: %x2 = pipe.tile %input tile 2 rows [8, 12) pad [0, 0] : tensor<1x16x16x8xf32> -> tensor<1x4x16x8xf32>
// N4-NEXT: %c2 = nn.conv2d %x2, %weight : (tensor<1x4x16x8xf32>, tensor<16x1x1x8xf32>) -> tensor<1x4x16x16xf32>
// N4-NEXT: pipe.yield %s1, %c2 : tensor<1x4x16x16xf32>, tensor<1x4x16x16xf32>
// N4-NEXT: }
// N4-NEXT: pipe.barrier
// N4-NEXT: %out2, %conv3 = pipe.stage 3 -> (tensor<1x4x16x16xf32>, tensor<1x4x16x16xf32>) {
// N4-NEXT: %z2 = pipe.tile %addend tile 2 rows [8, 12) pad [0, 0] : tensor<1x16x16x16xf32> -> tensor<1x4x16x16xf32>
// N4-NEXT: %s2 = nn.add %conv2, %z2 : (tensor<1x4x16x16xf32>, tensor<1x4x16x16xf32>) -> tensor<1x4x16x16xf32>
// N4-NEXT: %x3 = pipe.tile %input tile 3 rows [12, 16) pad [0, 0] : tensor<1x16x16x8xf32> -> tensor<1x4x16x8xf32>
// N4-NEXT: %c3 = nn.conv2d %x3, %weight : (tensor<1x4x16x8xf32>, tensor<16x1x1x8xf32>) -> tensor<1x4x16x16xf32>
// N4-NEXT: pipe.yield %s2, %c3 : tensor<1x4x16x16xf32>, tensor<1x4x16x16xf32>
// N4-NEXT: }
// N4-NEXT: pipe.barrier
// N4-NEXT: %out3 = pipe.stage 4 -> (tensor<1x4x16x16xf32>) {
// N4-NEXT: %z3 = pipe.tile %addend tile 3 rows [12, 16) pad [0, 0] : tensor<1x16x16x16xf32> -> tensor<1x4x16x16xf32>
// N4-NEXT: %s3 = nn.add %conv3, %z3 : (tensor<1x4x16x16xf32>, tensor<1x4x16x16xf32>) -> tensor<1x4x16x16xf32>
// N4-NEXT: pipe.yield %s3 : tensor<1x4x16x16xf32>
// N4-NEXT: }
// N4-NEXT: pipe.barrier
// N4-NEXT: %result = pipe.assemble %out0 [0, 4), %out1 [4, 8), %out2 [8, 12), %out3 [12, 16) : tensor<1x16x16x16xf32>
// N4-NEXT: pipe.yield %result : tensor<1x16x16x16xf32>
// N4-NEXT: }
// N4-NEXT: func.return %y : tensor<1x16x16x16xf32>
