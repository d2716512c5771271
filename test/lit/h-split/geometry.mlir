// RUN: nnpipe-opt %s --split-input-file -p 'h-split{tiles=2}' | filecheck %s --check-prefix=N2
// RUN: nnpipe-opt %s --split-input-file -p 'h-split{tiles=4}' | filecheck %s --check-prefix=N4

// The tile windows of design brief §2 for each conv geometry: output rows [o0, o1)
// read input rows [max(a, 0), min(b, H)) with a = o0*sh - pt and
// b = (o1-1)*sh - pt + dh*(kh-1) + 1, padded by the rows of [a, b) outside [0, H).

// Stride 2: tile k's window starts at 2*o0 - pt; 3x3 kernel, padding 1, 9 rows in, Ho = 5,
// two uneven tiles of 3 and 2 rows.
func.func @stride2(%x: tensor<1x9x4x2xf32>, %w: tensor<2x3x3x2xf32>, %z: tensor<1x5x2x2xf32>) -> tensor<1x5x2x2xf32> {
  %y = nn.conv_add %x, %w, %z {strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>} : (tensor<1x9x4x2xf32>, tensor<2x3x3x2xf32>, tensor<1x5x2x2xf32>) -> tensor<1x5x2x2xf32>
  func.return %y : tensor<1x5x2x2xf32>
}

// -----

// Dilation 2: a 3x3 kernel spans 5 rows, so the halo is 4 rows.
func.func @dilation2(%x: tensor<1x8x5x2xf32>, %w: tensor<2x3x3x2xf32>, %z: tensor<1x4x1x2xf32>) -> tensor<1x4x1x2xf32> {
  %y = nn.conv_add %x, %w, %z {dilations = array<i64: 2, 2>} : (tensor<1x8x5x2xf32>, tensor<2x3x3x2xf32>, tensor<1x4x1x2xf32>) -> tensor<1x4x1x2xf32>
  func.return %y : tensor<1x4x1x2xf32>
}

// -----

// Asymmetric padding [top 2, bottom 0]: only the first tile is padded, by 2 rows.
func.func @asymmetric(%x: tensor<1x6x3x1xf32>, %w: tensor<1x3x1x1xf32>, %z: tensor<1x6x3x1xf32>) -> tensor<1x6x3x1xf32> {
  %y = nn.conv_add %x, %w, %z {padding = array<i64: 2, 0, 0, 0>} : (tensor<1x6x3x1xf32>, tensor<1x3x1x1xf32>, tensor<1x6x3x1xf32>) -> tensor<1x6x3x1xf32>
  func.return %y : tensor<1x6x3x1xf32>
}

// -----

// Padding larger than the kernel reach: the first and last tiles lie entirely in the
// padding (rows [0, 0) and [2, 2): nothing read, all pad).
func.func @all_padding_tiles(%x: tensor<1x2x2x1xf32>, %w: tensor<1x1x1x1xf32>, %z: tensor<1x4x2x1xf32>) -> tensor<1x4x2x1xf32> {
  %y = nn.conv_add %x, %w, %z {padding = array<i64: 1, 1, 0, 0>} : (tensor<1x2x2x1xf32>, tensor<1x1x1x1xf32>, tensor<1x4x2x1xf32>) -> tensor<1x4x2x1xf32>
  func.return %y : tensor<1x4x2x1xf32>
}

// -----

// f16 in and out, batch 2, groups 2: the tile conv accumulates in f32, the add engine
// widens the addend, adds, and rounds once to f16 (as nn.conv_add does).
func.func @f16_batch_groups(%x: tensor<2x4x3x4xf16>, %w: tensor<4x1x1x2xf16>, %z: tensor<2x4x3x4xf16>, %b: tensor<4xf16>) -> tensor<2x4x3x4xf16> {
  %y = nn.conv_add %x, %w, %z, %b {groups = 2 : i64} : (tensor<2x4x3x4xf16>, tensor<4x1x1x2xf16>, tensor<2x4x3x4xf16>, tensor<4xf16>) -> tensor<2x4x3x4xf16>
  func.return %y : tensor<2x4x3x4xf16>
}

// N2-LABEL: func.func @stride2
// N2: %x0 = pipe.tile %input tile 0 rows [0, 6) pad [1, 0] : tensor<1x9x4x2xf32> -> tensor<1x7x4x2xf32>
// N2: %c0 = nn.conv2d %x0, %weight {strides = array<i64: 2, 2>, padding = array<i64: 0, 0, 1, 1>} : (tensor<1x7x4x2xf32>, tensor<2x3x3x2xf32>) -> tensor<1x3x2x2xf32>
// N2: %z0 = pipe.tile %addend tile 0 rows [0, 3) pad [0, 0] : tensor<1x5x2x2xf32> -> tensor<1x3x2x2xf32>
// N2: %s0 = nn.add %conv0, %z0 : (tensor<1x3x2x2xf32>, tensor<1x3x2x2xf32>) -> tensor<1x3x2x2xf32>
// N2: %x1 = pipe.tile %input tile 1 rows [5, 9) pad [0, 1] : tensor<1x9x4x2xf32> -> tensor<1x5x4x2xf32>
// N2: %c1 = nn.conv2d %x1, %weight {strides = array<i64: 2, 2>, padding = array<i64: 0, 0, 1, 1>} : (tensor<1x5x4x2xf32>, tensor<2x3x3x2xf32>) -> tensor<1x2x2x2xf32>
// N2: %z1 = pipe.tile %addend tile 1 rows [3, 5) pad [0, 0] : tensor<1x5x2x2xf32> -> tensor<1x2x2x2xf32>
// N2: %s1 = nn.add %conv1, %z1 : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
// N2: %result = pipe.assemble %out0 [0, 3), %out1 [3, 5) : tensor<1x5x2x2xf32>
// N2-LABEL: func.func @dilation2
// N2: %x0 = pipe.tile %input tile 0 rows [0, 6) pad [0, 0] : tensor<1x8x5x2xf32> -> tensor<1x6x5x2xf32>
// N2: %c0 = nn.conv2d %x0, %weight {dilations = array<i64: 2, 2>} : (tensor<1x6x5x2xf32>, tensor<2x3x3x2xf32>) -> tensor<1x2x1x2xf32>
// N2: %z0 = pipe.tile %addend tile 0 rows [0, 2) pad [0, 0] : tensor<1x4x1x2xf32> -> tensor<1x2x1x2xf32>
// N2: %s0 = nn.add %conv0, %z0 : (tensor<1x2x1x2xf32>, tensor<1x2x1x2xf32>) -> tensor<1x2x1x2xf32>
// N2: %x1 = pipe.tile %input tile 1 rows [2, 8) pad [0, 0] : tensor<1x8x5x2xf32> -> tensor<1x6x5x2xf32>
// N2: %c1 = nn.conv2d %x1, %weight {dilations = array<i64: 2, 2>} : (tensor<1x6x5x2xf32>, tensor<2x3x3x2xf32>) -> tensor<1x2x1x2xf32>
// N2: %z1 = pipe.tile %addend tile 1 rows [2, 4) pad [0, 0] : tensor<1x4x1x2xf32> -> tensor<1x2x1x2xf32>
// N2: %s1 = nn.add %conv1, %z1 : (tensor<1x2x1x2xf32>, tensor<1x2x1x2xf32>) -> tensor<1x2x1x2xf32>
// N2: %result = pipe.assemble %out0 [0, 2), %out1 [2, 4) : tensor<1x4x1x2xf32>
// N2-LABEL: func.func @asymmetric
// N2: %x0 = pipe.tile %input tile 0 rows [0, 3) pad [2, 0] : tensor<1x6x3x1xf32> -> tensor<1x5x3x1xf32>
// N2: %c0 = nn.conv2d %x0, %weight : (tensor<1x5x3x1xf32>, tensor<1x3x1x1xf32>) -> tensor<1x3x3x1xf32>
// N2: %z0 = pipe.tile %addend tile 0 rows [0, 3) pad [0, 0] : tensor<1x6x3x1xf32> -> tensor<1x3x3x1xf32>
// N2: %s0 = nn.add %conv0, %z0 : (tensor<1x3x3x1xf32>, tensor<1x3x3x1xf32>) -> tensor<1x3x3x1xf32>
// N2: %x1 = pipe.tile %input tile 1 rows [1, 6) pad [0, 0] : tensor<1x6x3x1xf32> -> tensor<1x5x3x1xf32>
// N2: %c1 = nn.conv2d %x1, %weight : (tensor<1x5x3x1xf32>, tensor<1x3x1x1xf32>) -> tensor<1x3x3x1xf32>
// N2: %z1 = pipe.tile %addend tile 1 rows [3, 6) pad [0, 0] : tensor<1x6x3x1xf32> -> tensor<1x3x3x1xf32>
// N2: %s1 = nn.add %conv1, %z1 : (tensor<1x3x3x1xf32>, tensor<1x3x3x1xf32>) -> tensor<1x3x3x1xf32>
// N2: %result = pipe.assemble %out0 [0, 3), %out1 [3, 6) : tensor<1x6x3x1xf32>
// N2-LABEL: func.func @all_padding_tiles
// N2: %x0 = pipe.tile %input tile 0 rows [0, 1) pad [1, 0] : tensor<1x2x2x1xf32> -> tensor<1x2x2x1xf32>
// N2: %c0 = nn.conv2d %x0, %weight : (tensor<1x2x2x1xf32>, tensor<1x1x1x1xf32>) -> tensor<1x2x2x1xf32>
// N2: %z0 = pipe.tile %addend tile 0 rows [0, 2) pad [0, 0] : tensor<1x4x2x1xf32> -> tensor<1x2x2x1xf32>
// N2: %s0 = nn.add %conv0, %z0 : (tensor<1x2x2x1xf32>, tensor<1x2x2x1xf32>) -> tensor<1x2x2x1xf32>
// N2: %x1 = pipe.tile %input tile 1 rows [1, 2) pad [0, 1] : tensor<1x2x2x1xf32> -> tensor<1x2x2x1xf32>
// N2: %c1 = nn.conv2d %x1, %weight : (tensor<1x2x2x1xf32>, tensor<1x1x1x1xf32>) -> tensor<1x2x2x1xf32>
// N2: %z1 = pipe.tile %addend tile 1 rows [2, 4) pad [0, 0] : tensor<1x4x2x1xf32> -> tensor<1x2x2x1xf32>
// N2: %s1 = nn.add %conv1, %z1 : (tensor<1x2x2x1xf32>, tensor<1x2x2x1xf32>) -> tensor<1x2x2x1xf32>
// N2: %result = pipe.assemble %out0 [0, 2), %out1 [2, 4) : tensor<1x4x2x1xf32>
// N2-LABEL: func.func @f16_batch_groups
// N2: %x0 = pipe.tile %input tile 0 rows [0, 2) pad [0, 0] : tensor<2x4x3x4xf16> -> tensor<2x2x3x4xf16>
// N2: %c0 = nn.conv2d %x0, %weight, %bias {groups = 2 : i64} : (tensor<2x2x3x4xf16>, tensor<4x1x1x2xf16>, tensor<4xf16>) -> tensor<2x2x3x4xf32>
// N2: %z0 = pipe.tile %addend tile 0 rows [0, 2) pad [0, 0] : tensor<2x4x3x4xf16> -> tensor<2x2x3x4xf16>
// N2: %zw0 = nn.cast %z0 : tensor<2x2x3x4xf16> to tensor<2x2x3x4xf32>
// N2: %s0 = nn.add %conv0, %zw0 : (tensor<2x2x3x4xf32>, tensor<2x2x3x4xf32>) -> tensor<2x2x3x4xf32>
// N2: %n0 = nn.cast %s0 : tensor<2x2x3x4xf32> to tensor<2x2x3x4xf16>
// N2: %x1 = pipe.tile %input tile 1 rows [2, 4) pad [0, 0] : tensor<2x4x3x4xf16> -> tensor<2x2x3x4xf16>
// N2: %c1 = nn.conv2d %x1, %weight, %bias {groups = 2 : i64} : (tensor<2x2x3x4xf16>, tensor<4x1x1x2xf16>, tensor<4xf16>) -> tensor<2x2x3x4xf32>
// N2: %z1 = pipe.tile %addend tile 1 rows [2, 4) pad [0, 0] : tensor<2x4x3x4xf16> -> tensor<2x2x3x4xf16>
// N2: %zw1 = nn.cast %z1 : tensor<2x2x3x4xf16> to tensor<2x2x3x4xf32>
// N2: %s1 = nn.add %conv1, %zw1 : (tensor<2x2x3x4xf32>, tensor<2x2x3x4xf32>) -> tensor<2x2x3x4xf32>
// N2: %n1 = nn.cast %s1 : tensor<2x2x3x4xf32> to tensor<2x2x3x4xf16>
// N2: %result = pipe.assemble %out0 [0, 2), %out1 [2, 4) : tensor<2x4x3x4xf16>

// N4-LABEL: func.func @stride2
// N4: %x0 = pipe.tile %input tile 0 rows [0, 4) pad [1, 0] : tensor<1x9x4x2xf32> -> tensor<1x5x4x2xf32>
// N4: %x1 = pipe.tile %input tile 1 rows [3, 6) pad [0, 0] : tensor<1x9x4x2xf32> -> tensor<1x3x4x2xf32>
// N4: %x2 = pipe.tile %input tile 2 rows [5, 8) pad [0, 0] : tensor<1x9x4x2xf32> -> tensor<1x3x4x2xf32>
// N4: %x3 = pipe.tile %input tile 3 rows [7, 9) pad [0, 1] : tensor<1x9x4x2xf32> -> tensor<1x3x4x2xf32>
// N4: %result = pipe.assemble %out0 [0, 2), %out1 [2, 3), %out2 [3, 4), %out3 [4, 5) : tensor<1x5x2x2xf32>
// N4-LABEL: func.func @dilation2
// N4: %x0 = pipe.tile %input tile 0 rows [0, 5) pad [0, 0] : tensor<1x8x5x2xf32> -> tensor<1x5x5x2xf32>
// N4: %x1 = pipe.tile %input tile 1 rows [1, 6) pad [0, 0] : tensor<1x8x5x2xf32> -> tensor<1x5x5x2xf32>
// N4: %x2 = pipe.tile %input tile 2 rows [2, 7) pad [0, 0] : tensor<1x8x5x2xf32> -> tensor<1x5x5x2xf32>
// N4: %x3 = pipe.tile %input tile 3 rows [3, 8) pad [0, 0] : tensor<1x8x5x2xf32> -> tensor<1x5x5x2xf32>
// N4: %result = pipe.assemble %out0 [0, 1), %out1 [1, 2), %out2 [2, 3), %out3 [3, 4) : tensor<1x4x1x2xf32>
// N4-LABEL: func.func @asymmetric
// N4: %x0 = pipe.tile %input tile 0 rows [0, 2) pad [2, 0] : tensor<1x6x3x1xf32> -> tensor<1x4x3x1xf32>
// N4: %x1 = pipe.tile %input tile 1 rows [0, 4) pad [0, 0] : tensor<1x6x3x1xf32> -> tensor<1x4x3x1xf32>
// N4: %x2 = pipe.tile %input tile 2 rows [2, 5) pad [0, 0] : tensor<1x6x3x1xf32> -> tensor<1x3x3x1xf32>
// N4: %x3 = pipe.tile %input tile 3 rows [3, 6) pad [0, 0] : tensor<1x6x3x1xf32> -> tensor<1x3x3x1xf32>
// N4: %result = pipe.assemble %out0 [0, 2), %out1 [2, 4), %out2 [4, 5), %out3 [5, 6) : tensor<1x6x3x1xf32>
// N4-LABEL: func.func @all_padding_tiles
// N4: %x0 = pipe.tile %input tile 0 rows [0, 0) pad [1, 0] : tensor<1x2x2x1xf32> -> tensor<1x1x2x1xf32>
// N4: %x1 = pipe.tile %input tile 1 rows [0, 1) pad [0, 0] : tensor<1x2x2x1xf32> -> tensor<1x1x2x1xf32>
// N4: %x2 = pipe.tile %input tile 2 rows [1, 2) pad [0, 0] : tensor<1x2x2x1xf32> -> tensor<1x1x2x1xf32>
// N4: %x3 = pipe.tile %input tile 3 rows [2, 2) pad [0, 1] : tensor<1x2x2x1xf32> -> tensor<1x1x2x1xf32>
// N4: %result = pipe.assemble %out0 [0, 1), %out1 [1, 2), %out2 [2, 3), %out3 [3, 4) : tensor<1x4x2x1xf32>
// N4-LABEL: func.func @f16_batch_groups
// N4: %x0 = pipe.tile %input tile 0 rows [0, 1) pad [0, 0] : tensor<2x4x3x4xf16> -> tensor<2x1x3x4xf16>
// N4: %x1 = pipe.tile %input tile 1 rows [1, 2) pad [0, 0] : tensor<2x4x3x4xf16> -> tensor<2x1x3x4xf16>
// N4: %x2 = pipe.tile %input tile 2 rows [2, 3) pad [0, 0] : tensor<2x4x3x4xf16> -> tensor<2x1x3x4xf16>
// N4: %x3 = pipe.tile %input tile 3 rows [3, 4) pad [0, 0] : tensor<2x4x3x4xf16> -> tensor<2x1x3x4xf16>
// N4: %result = pipe.assemble %out0 [0, 1), %out1 [1, 2), %out2 [2, 3), %out3 [3, 4) : tensor<2x4x3x4xf16>
