// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// A pipeline of a chain says what it computes: its computes region holds the chain's ops on whole tensors.

func.func @conv_relu(%x: tensor<1x8x4x4xf32>, %w: tensor<4x3x3x4xf32>, %b: tensor<4xf32>) -> tensor<1x8x4x4xf32> {
  %y = pipe.pipeline "chain" along h tiles 2 (%input = %x, %weight0 = %w, %bias0 = %b) : (tensor<1x8x4x4xf32>, tensor<4x3x3x4xf32>, tensor<4xf32>) -> tensor<1x8x4x4xf32> {
    %conv0_t0 = pipe.stage 0 -> (tensor<1x4x4x4xf32>) {
      %x0 = pipe.tile %input tile 0 rows [0, 5) pad [0, 0] : tensor<1x8x4x4xf32> -> tensor<1x5x4x4xf32>
      %conv0t0 = nn.conv2d %x0, %weight0, %bias0 {padding = array<i64: 1, 0, 1, 1>} : (tensor<1x5x4x4xf32>, tensor<4x3x3x4xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32>
      pipe.yield %conv0t0 : tensor<1x4x4x4xf32>
    }
    pipe.barrier
    %out0, %conv0_t1 = pipe.stage 1 -> (tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>) {
      %relu1t0 = nn.relu %conv0_t0 : tensor<1x4x4x4xf32>
      %x1 = pipe.tile %input tile 1 rows [3, 8) pad [0, 0] : tensor<1x8x4x4xf32> -> tensor<1x5x4x4xf32>
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

// CHECK: {{.*}}/verify/chain-no-computes.mlir:6:3: error: 'pipe.pipeline' op a pipeline of a chain (origin "chain") needs a computes region holding the chain's ops
