// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// Tile 1 of the group input must read the halo rows its chain needs (rows [3, 8)); the members pad in the op, never the tile.

func.func @conv_relu(%x: tensor<1x8x4x4xf32>, %w: tensor<4x3x3x4xf32>, %b: tensor<4xf32>) -> tensor<1x8x4x4xf32> {
  %y = pipe.pipeline "chain" along h tiles 2 (%input = %x, %weight0 = %w, %bias0 = %b) : (tensor<1x8x4x4xf32>, tensor<4x3x3x4xf32>, tensor<4xf32>) -> tensor<1x8x4x4xf32> computes {
    %c = nn.conv2d %input, %weight0, %bias0 {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x8x4x4xf32>, tensor<4x3x3x4xf32>, tensor<4xf32>) -> tensor<1x8x4x4xf32>
    %y_1 = nn.relu %c : tensor<1x8x4x4xf32>
    pipe.yield %y_1 : tensor<1x8x4x4xf32>
  } {
    %conv0_t0 = pipe.stage 0 -> (tensor<1x4x4x4xf32>) {
      %x0 = pipe.tile %input tile 0 rows [0, 5) pad [0, 0] : tensor<1x8x4x4xf32> -> tensor<1x5x4x4xf32>
      %conv0t0 = nn.conv2d %x0, %weight0, %bias0 {padding = array<i64: 1, 0, 1, 1>} : (tensor<1x5x4x4xf32>, tensor<4x3x3x4xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32>
      pipe.yield %conv0t0 : tensor<1x4x4x4xf32>
    }
    pipe.barrier
    %out0, %conv0_t1 = pipe.stage 1 -> (tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>) {
      %relu1t0 = nn.relu %conv0_t0 : tensor<1x4x4x4xf32>
      %x1 = pipe.tile %input tile 1 rows [4, 8) pad [1, 0] : tensor<1x8x4x4xf32> -> tensor<1x5x4x4xf32>
      %conv0t1 = nn.conv2d %x1, %weight0, %bias0 {padding = array<i64: 0, 1, 1, 1>} : (tensor<1x5x4x4xf32>, tensor<4x3x3x4xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32>
      pipe.yield %relu1t0, %conv0t1 : tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>
    }
    pipe.barrier
    %out1 = pipe.stage 2 -> (tensor<1x4x4x4xf32>) {
      %relu1t1 = nn.relu %conv0_t1 : tensor<1x4x4x4xf32>
      pipe.yield %relu1t1 : tensor<1x4x4x4xf32>
    }
    pipe.barrier
    %result = pipe.assemble %out0 [0, 4), %out1 [4, 8) : tensor<1x8x4x4xf32>
    pipe.yield %result : tensor<1x8x4x4xf32>
  }
  func.return %y : tensor<1x8x4x4xf32>
}

// CHECK: {{.*}}/verify/chain-tile-halo.mlir:19:7: error: 'pipe.tile' op stage 1, tile 1: reads rows [4, 8) with pad [1, 0] of the group input, expected rows [3, 8) with pad [0, 0]: output rows [4, 8) of the chain need rows [4, 8) of member 0 ('nn.conv2d'), [4, 8) of member 1 ('nn.relu'), which read input rows [3, 8) and [0, 1] pad rows the member adds itself
