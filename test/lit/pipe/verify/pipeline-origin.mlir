// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// A pipeline stands for an op it knows how to check.

func.func @k3_relu(%x: tensor<1x8x4x2xf32>, %w: tensor<4x3x3x2xf32>, %z: tensor<1x8x4x4xf32>, %b: tensor<4xf32>) -> tensor<1x8x4x4xf32> {
  %y = pipe.pipeline "nn.conv2d" along h tiles 2 (%input = %x, %weight = %w, %addend = %z, %bias = %b) : (tensor<1x8x4x2xf32>, tensor<4x3x3x2xf32>, tensor<1x8x4x4xf32>, tensor<4xf32>) -> tensor<1x8x4x4xf32> attributes {padding = array<i64: 1, 1, 1, 1>, activation = #nn.activation<relu>} {
    %conv0 = pipe.stage 0 -> (tensor<1x4x4x4xf32>) {
      %x0 = pipe.tile %input tile 0 rows [0, 5) pad [1, 0] : tensor<1x8x4x2xf32> -> tensor<1x6x4x2xf32>
      %c0 = nn.conv2d %x0, %weight, %bias {padding = array<i64: 0, 0, 1, 1>} : (tensor<1x6x4x2xf32>, tensor<4x3x3x2xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32>
      pipe.yield %c0 : tensor<1x4x4x4xf32>
    }
    pipe.barrier
    %out0, %conv1 = pipe.stage 1 -> (tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>) {
      %z0 = pipe.tile %addend tile 0 rows [0, 4) pad [0, 0] : tensor<1x8x4x4xf32> -> tensor<1x4x4x4xf32>
      %s0 = nn.add %conv0, %z0 : (tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
      %r0 = nn.relu %s0 : tensor<1x4x4x4xf32>
      %x1 = pipe.tile %input tile 1 rows [3, 8) pad [0, 1] : tensor<1x8x4x2xf32> -> tensor<1x6x4x2xf32>
      %c1 = nn.conv2d %x1, %weight, %bias {padding = array<i64: 0, 0, 1, 1>} : (tensor<1x6x4x2xf32>, tensor<4x3x3x2xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32>
      pipe.yield %r0, %c1 : tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>
    }
    pipe.barrier
    %out1 = pipe.stage 2 -> (tensor<1x4x4x4xf32>) {
      %z1 = pipe.tile %addend tile 1 rows [4, 8) pad [0, 0] : tensor<1x8x4x4xf32> -> tensor<1x4x4x4xf32>
      %s1 = nn.add %conv1, %z1 : (tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
      %r1 = nn.relu %s1 : tensor<1x4x4x4xf32>
      pipe.yield %r1 : tensor<1x4x4x4xf32>
    }
    pipe.barrier
    %result = pipe.assemble %out0 [0, 4), %out1 [4, 8) : tensor<1x8x4x4xf32>
    pipe.yield %result : tensor<1x8x4x4xf32>
  }
  func.return %y : tensor<1x8x4x4xf32>
}

// CHECK: {{.*}}/verify/pipeline-origin.mlir:6:3: error: 'pipe.pipeline' op origin "nn.conv2d" is not supported; a pipeline stands for one of: nn.conv_add, chain
