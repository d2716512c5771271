// RUN: nnpipe-opt %s | filecheck %s
// RUN: nnpipe-opt %s --print-op-generic | nnpipe-opt - | filecheck %s
// RUN: nnpipe-opt %s --print-op-generic | filecheck %s --check-prefix=GENERIC
// RUN: nnpipe-opt %s -o %t.1.mlir && nnpipe-opt %t.1.mlir -o %t.2.mlir && diff %t.1.mlir %t.2.mlir

// The custom syntax of every pipe op round-trips, directly and through the generic
// form (which is what mlir-opt reads with --allow-unregistered-dialect).

func.func @k3_relu(%x: tensor<1x8x4x2xf32>, %w: tensor<4x3x3x2xf32>, %z: tensor<1x8x4x4xf32>, %b: tensor<4xf32>) -> tensor<1x8x4x4xf32> {
  %y = pipe.pipeline "nn.conv_add" along h tiles 2 (%input = %x, %weight = %w, %addend = %z, %bias = %b) : (tensor<1x8x4x2xf32>, tensor<4x3x3x2xf32>, tensor<1x8x4x4xf32>, tensor<4xf32>) -> tensor<1x8x4x4xf32> attributes {padding = array<i64: 1, 1, 1, 1>, activation = #nn.activation<relu>} {
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

// CHECK: func.func @k3_relu(%x: tensor<1x8x4x2xf32>, %w: tensor<4x3x3x2xf32>, %z: tensor<1x8x4x4xf32>, %b: tensor<4xf32>) -> tensor<1x8x4x4xf32> {
// CHECK-NEXT: %y = pipe.pipeline "nn.conv_add" along h tiles 2 (%input = %x, %weight = %w, %addend = %z, %bias = %b) : (tensor<1x8x4x2xf32>, tensor<4x3x3x2xf32>, tensor<1x8x4x4xf32>, tensor<4xf32>) -> tensor<1x8x4x4xf32> attributes {padding = array<i64: 1, 1, 1, 1>, activation = #nn.activation<relu>} {
// CHECK-NEXT: %conv0 = pipe.stage 0 -> (tensor<1x4x4x4xf32>) {
// CHECK-NEXT: %x0 = pipe.tile %input tile 0 rows [0, 5) pad [1, 0] : tensor<1x8x4x2xf32> -> tensor<1x6x4x2xf32>
// CHECK-NEXT: %c0 = nn.conv2d %x0, %weight, %bias {padding = array<i64: 0, 0, 1, 1>} : (tensor<1x6x4x2xf32>, tensor<4x3x3x2xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32>
// CHECK-NEXT: pipe.yield %c0 : tensor<1x4x4x4xf32>
// CHECK-NEXT: }
// CHECK-NEXT: pipe.barrier
// CHECK-NEXT: %out0, %conv1 = pipe.stage 1 -> (tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>) {
// CHECK-NEXT: %z0 = pipe.tile %addend tile 0 rows [0, 4) pad [0, 0] : tensor<1x8x4x4xf32> -> tensor<1x4x4x4xf32>
// CHECK-NEXT: %s0 = nn.add %conv0, %z0 : (tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
// CHECK-NEXT: %r0 = nn.relu %s0 : tensor<1x4x4x4xf32>
// CHECK-NEXT: %x1 = pipe.tile %input tile 1 rows [3, 8) pad [0, 1] : tensor<1x8x4x2xf32> -> tensor<1x6x4x2xf32>
// CHECK-NEXT: %c1 = nn.conv2d %x1, %weight, %bias {padding = array<i64: 0, 0, 1, 1>} : (tensor<1x6x4x2xf32>, tensor<4x3x3x2xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32>
// CHECK-NEXT: pipe.yield %r0, %c1 : tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>
// CHECK-NEXT: }
// CHECK-NEXT: pipe.barrier
// CHECK-NEXT: %out1 = pipe.stage 2 -> (tensor<1x4x4x4xf32>) {
// CHECK-NEXT: %z1 = pipe.tile %addend tile 1 rows [4, 8) pad [0, 0] : tensor<1x8x4x4xf32> -> tensor<1x4x4x4xf32>
// CHECK-NEXT: %s1 = nn.add %conv1, %z1 : (tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
// CHECK-NEXT: %r1 = nn.relu %s1 : tensor<1x4x4x4xf32>
// CHECK-NEXT: pipe.yield %r1 : tensor<1x4x4x4xf32>
// CHECK-NEXT: }
// CHECK-NEXT: pipe.barrier
// CHECK-NEXT: %result = pipe.assemble %out0 [0, 4), %out1 [4, 8) : tensor<1x8x4x4xf32>
// CHECK-NEXT: pipe.yield %result : tensor<1x8x4x4xf32>
// CHECK-NEXT: }
// CHECK-NEXT: func.return %y : tensor<1x8x4x4xf32>

// GENERIC: %y = "pipe.pipeline"(%x, %w, %z, %b) <{origin = "nn.conv_add", tiles = 2 : i64, padding = array<i64: 1, 1, 1, 1>, activation = #nn.activation<relu>}> ({
// GENERIC: %conv0 = "pipe.stage"() <{index = 0 : i64}> ({
// GENERIC: %x0 = "pipe.tile"(%input) <{tile = 0 : i64, rows = array<i64: 0, 5>, pad = array<i64: 1, 0>}> : (tensor<1x8x4x2xf32>) -> tensor<1x6x4x2xf32>
// GENERIC: "pipe.yield"(%c0) : (tensor<1x4x4x4xf32>) -> ()
// GENERIC: "pipe.barrier"() : () -> ()
// GENERIC: %out0, %conv1 = "pipe.stage"() <{index = 1 : i64}> ({
// GENERIC: %z0 = "pipe.tile"(%addend) <{tile = 0 : i64, rows = array<i64: 0, 4>, pad = array<i64: 0, 0>}> : (tensor<1x8x4x4xf32>) -> tensor<1x4x4x4xf32>
// GENERIC: %x1 = "pipe.tile"(%input) <{tile = 1 : i64, rows = array<i64: 3, 8>, pad = array<i64: 0, 1>}> : (tensor<1x8x4x2xf32>) -> tensor<1x6x4x2xf32>
// GENERIC: %result = "pipe.assemble"(%out0, %out1) <{rows = array<i64: 0, 4, 4, 8>}> : (tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>) -> tensor<1x8x4x4xf32>
