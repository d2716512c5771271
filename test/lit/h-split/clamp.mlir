// RUN: nnpipe-opt %s -p 'h-split{tiles=3}' --pass-statistics 2>&1 | filecheck %s --check-prefix=EQ
// RUN: nnpipe-opt %s -p 'h-split{tiles=7}' --pass-statistics 2>&1 | filecheck %s --check-prefix=CLAMP
// RUN: nnpipe-opt %s -p 'h-split{tiles=1}' | filecheck %s --check-prefix=ONE
// RUN: not nnpipe-opt %s -p 'h-split{tiles=0}' 2>&1 | filecheck %s --check-prefix=ZERO
// RUN: not nnpipe-opt %s -p 'h-split{tiles=-2}' 2>&1 | filecheck %s --check-prefix=NEG
// RUN: not nnpipe-opt %s -p 'h-split{tiles=many}' 2>&1 | filecheck %s --check-prefix=WORD

// Ho = 3. tiles = Ho gives one output row per tile; tiles > Ho is clamped to Ho and
// counted; tiles = 1 is a one-tile pipeline (conv, then add); tiles < 1 is an error.
func.func @ho3(%x: tensor<1x5x2x1xf32>, %w: tensor<1x3x1x1xf32>, %z: tensor<1x3x2x1xf32>) -> tensor<1x3x2x1xf32> {
  %y = nn.conv_add %x, %w, %z : (tensor<1x5x2x1xf32>, tensor<1x3x1x1xf32>, tensor<1x3x2x1xf32>) -> tensor<1x3x2x1xf32>
  func.return %y : tensor<1x3x2x1xf32>
}

// EQ:      pipe.pipeline "nn.conv_add" along h tiles 3
// EQ:      pipe.tile %input tile 0 rows [0, 3) pad [0, 0]
// EQ:      pipe.tile %input tile 1 rows [1, 4) pad [0, 0]
// EQ:      pipe.tile %input tile 2 rows [2, 5) pad [0, 0]
// EQ:      pipe.assemble %out0 [0, 1), %out1 [1, 2), %out2 [2, 3)
// EQ:      (S) 1 pipelines-built
// EQ-NEXT: (S) 3 tiles
// EQ-NEXT: (S) 4 halo-rows
// EQ-NEXT: (S) 0 tiles-clamped

// CLAMP:      pipe.pipeline "nn.conv_add" along h tiles 3
// CLAMP:      pipe.assemble %out0 [0, 1), %out1 [1, 2), %out2 [2, 3)
// CLAMP:      (S) 1 pipelines-built
// CLAMP-NEXT: (S) 3 tiles
// CLAMP-NEXT: (S) 4 halo-rows
// CLAMP-NEXT: (S) 1 tiles-clamped

// ONE:      pipe.pipeline "nn.conv_add" along h tiles 1
// ONE-NEXT: %conv0 = pipe.stage 0
// ONE-NEXT: pipe.tile %input tile 0 rows [0, 5) pad [0, 0]
// ONE-NEXT: nn.conv2d
// ONE-NEXT: pipe.yield
// ONE-NEXT: }
// ONE-NEXT: pipe.barrier
// ONE-NEXT: %out0 = pipe.stage 1
// ONE-NEXT: pipe.tile %addend tile 0 rows [0, 3) pad [0, 0]
// ONE-NEXT: nn.add %conv0
// ONE-NEXT: pipe.yield
// ONE-NEXT: }
// ONE-NEXT: pipe.barrier
// ONE-NEXT: pipe.assemble %out0 [0, 3)

// ZERO: nnpipe-opt: error: invalid pass pipeline 'h-split{tiles=0}': option tiles=0 of pass 'h-split': expected a tile count >= 1
// NEG:  nnpipe-opt: error: invalid pass pipeline 'h-split{tiles=-2}': option tiles=-2 of pass 'h-split': expected a tile count >= 1
// WORD: nnpipe-opt: error: invalid pass pipeline 'h-split{tiles=many}': option tiles=many of pass 'h-split': expected a tile count >= 1 or auto
