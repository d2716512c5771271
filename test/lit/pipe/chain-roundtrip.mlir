// RUN: nnpipe-opt %s | filecheck %s
// RUN: nnpipe-opt %s --print-op-generic | nnpipe-opt - | filecheck %s
// RUN: nnpipe-opt %s --print-op-generic | filecheck %s --check-prefix=GENERIC
// RUN: nnpipe-opt %s -o %t.1.mlir && nnpipe-opt %t.1.mlir -o %t.2.mlir && diff %t.1.mlir %t.2.mlir

// Round trip of a chain's pipeline (conv -> relu, 2 tiles). The computes region and
// the body are sibling regions with their own SSA scopes: both name the operands
// %input, %weight0, %bias0, and the names defined in one are free in the other. In
// the generic form the body is region 0, the computes region region 1.

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

// CHECK: %y = pipe.pipeline "chain" along h tiles 2 (%input = %x, %weight0 = %w, %bias0 = %b) : (tensor<1x8x4x4xf32>, tensor<4x3x3x4xf32>, tensor<4xf32>) -> tensor<1x8x4x4xf32> computes {
// CHECK-NEXT: %c = nn.conv2d %input, %weight0, %bias0 {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x8x4x4xf32>, tensor<4x3x3x4xf32>, tensor<4xf32>) -> tensor<1x8x4x4xf32>
// CHECK-NEXT: %y_1 = nn.relu %c : tensor<1x8x4x4xf32>
// CHECK-NEXT: pipe.yield %y_1 : tensor<1x8x4x4xf32>
// CHECK-NEXT: } {
// CHECK-NEXT: %conv0_t0 = pipe.stage 0 -> (tensor<1x4x4x4xf32>) {
// CHECK-NEXT: %x0 = pipe.tile %input tile 0 rows [0, 5) pad [0, 0] : tensor<1x8x4x4xf32> -> tensor<1x5x4x4xf32>
// CHECK-NEXT: %conv0t0 = nn.conv2d %x0, %weight0, %bias0 {padding = array<i64: 1, 0, 1, 1>} : (tensor<1x5x4x4xf32>, tensor<4x3x3x4xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32>
// CHECK-NEXT: pipe.yield %conv0t0 : tensor<1x4x4x4xf32>
// CHECK-NEXT: }
// CHECK-NEXT: pipe.barrier
// CHECK-NEXT: %out0, %conv0_t1 = pipe.stage 1 -> (tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>) {
// CHECK-NEXT: %relu1t0 = nn.relu %conv0_t0 : tensor<1x4x4x4xf32>
// CHECK-NEXT: %x1 = pipe.tile %input tile 1 rows [3, 8) pad [0, 0] : tensor<1x8x4x4xf32> -> tensor<1x5x4x4xf32>
// CHECK-NEXT: %conv0t1 = nn.conv2d %x1, %weight0, %bias0 {padding = array<i64: 0, 1, 1, 1>} : (tensor<1x5x4x4xf32>, tensor<4x3x3x4xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32>
// CHECK-NEXT: pipe.yield %relu1t0, %conv0t1 : tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>
// CHECK-NEXT: }
// CHECK-NEXT: pipe.barrier
// CHECK-NEXT: %out1 = pipe.stage 2 -> (tensor<1x4x4x4xf32>) {
// CHECK-NEXT: %relu1t1 = nn.relu %conv0_t1 : tensor<1x4x4x4xf32>
// CHECK-NEXT: pipe.yield %relu1t1 : tensor<1x4x4x4xf32>
// CHECK-NEXT: }
// CHECK-NEXT: pipe.barrier
// CHECK-NEXT: %result = pipe.assemble %out0 [0, 4), %out1 [4, 8) : tensor<1x8x4x4xf32>
// CHECK-NEXT: pipe.yield %result : tensor<1x8x4x4xf32>
// CHECK-NEXT: }

// GENERIC: %y = "pipe.pipeline"(%x, %w, %b) <{origin = "chain", tiles = 2 : i64}> ({
// GENERIC: ^bb0(%input: tensor<1x8x4x4xf32>, %weight0: tensor<4x3x3x4xf32>, %bias0: tensor<4xf32>):
// GENERIC: ^bb0(%input_1: tensor<1x8x4x4xf32>, %weight0_1: tensor<4x3x3x4xf32>, %bias0_1: tensor<4xf32>):
// GENERIC: %c = "nn.conv2d"(%input_1, %weight0_1, %bias0_1) <{padding = array<i64: 1, 1, 1, 1>}> : (tensor<1x8x4x4xf32>, tensor<4x3x3x4xf32>, tensor<4xf32>) -> tensor<1x8x4x4xf32>
// GENERIC: %y_1 = "nn.relu"(%c) : (tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
// GENERIC: }) : (tensor<1x8x4x4xf32>, tensor<4x3x3x4xf32>, tensor<4xf32>) -> tensor<1x8x4x4xf32>
