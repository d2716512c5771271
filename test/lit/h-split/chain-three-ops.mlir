// RUN: nnpipe-opt %s -p 'h-split{tiles=2 chains=true}' --pass-statistics 2>&1 | filecheck %s
// RUN: nnpipe-opt %s -p 'h-split{tiles=2 chains=true},lower-to-hw' | filecheck %s --check-prefix=HW
// RUN: nnpipe-run %s --seed 4 --outputs %t.nn.npz
// RUN: nnpipe-opt %s -p 'h-split{tiles=2 chains=true}' -o %t.pipe.mlir
// RUN: nnpipe-run %t.pipe.mlir --seed 4 --compare %t.nn.npz --tolerance 1e-6 | filecheck %s --check-prefix=CMP
// RUN: nnpipe-opt %t.pipe.mlir -p lower-to-hw | nnpipe-run - --seed 4 --compare %t.nn.npz --tolerance 1e-6 | filecheck %s --check-prefix=CMP

// A three-op chain: conv (conv engine), relu and max-pool (both on the add engine).
// Two steps share the add engine, so the modulo schedule's initiation interval is 2:
// tile 1 starts two stages after tile 0, and no stage holds two add-engine steps
// (stage 2: pool of tile 0 ∥ conv of tile 1). Backward halo: the pool's output rows
// [2, 4) need relu rows [3, 8) (one recomputed row: tile 0 computed rows [0, 4)),
// the conv's window needs input rows [2, 8) and one pad row at the bottom edge.
// At the hw level the relu and the pool read local buffers; only the pool stores.

func.func @conv_relu_pool(%x: tensor<1x8x4x2xf32>, %w: tensor<4x3x3x2xf32>) -> tensor<1x4x2x4xf32> {
  %c = nn.conv2d %x, %w {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x8x4x2xf32>, tensor<4x3x3x2xf32>) -> tensor<1x8x4x4xf32>
  %r = nn.relu %c : tensor<1x8x4x4xf32>
  %y = nn.max_pool %r {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>} : (tensor<1x8x4x4xf32>) -> tensor<1x4x2x4xf32>
  func.return %y : tensor<1x4x2x4xf32>
}

// CMP: result0: max relative error {{.*}} (tolerance 1e-06)

// CHECK: %y = pipe.pipeline "chain" along h tiles 2 (%input = %x, %weight0 = %w) : (tensor<1x8x4x2xf32>, tensor<4x3x3x2xf32>) -> tensor<1x4x2x4xf32> computes {
// CHECK-NEXT: %c = nn.conv2d %input, %weight0 {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x8x4x2xf32>, tensor<4x3x3x2xf32>) -> tensor<1x8x4x4xf32>
// CHECK-NEXT: %r = nn.relu %c : tensor<1x8x4x4xf32>
// CHECK-NEXT: %y_1 = nn.max_pool %r {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>} : (tensor<1x8x4x4xf32>) -> tensor<1x4x2x4xf32>
// CHECK-NEXT: pipe.yield %y_1 : tensor<1x4x2x4xf32>
// CHECK-NEXT: } {
// CHECK-NEXT: %conv0_t0 = pipe.stage 0 -> (tensor<1x4x4x4xf32>) {
// CHECK-NEXT: %x0 = pipe.tile %input tile 0 rows [0, 5) pad [0, 0] : tensor<1x8x4x2xf32> -> tensor<1x5x4x2xf32>
// CHECK-NEXT: %conv0t0 = nn.conv2d %x0, %weight0 {padding = array<i64: 1, 0, 1, 1>} : (tensor<1x5x4x2xf32>, tensor<4x3x3x2xf32>) -> tensor<1x4x4x4xf32>
// CHECK-NEXT: pipe.yield %conv0t0 : tensor<1x4x4x4xf32>
// CHECK-NEXT: }
// CHECK-NEXT: pipe.barrier
// CHECK-NEXT: %relu1_t0 = pipe.stage 1 -> (tensor<1x4x4x4xf32>) {
// CHECK-NEXT: %relu1t0 = nn.relu %conv0_t0 : tensor<1x4x4x4xf32>
// CHECK-NEXT: pipe.yield %relu1t0 : tensor<1x4x4x4xf32>
// CHECK-NEXT: }
// CHECK-NEXT: pipe.barrier
// CHECK-NEXT: %out0, %conv0_t1 = pipe.stage 2 -> (tensor<1x2x2x4xf32>, tensor<1x5x4x4xf32>) {
// CHECK-NEXT: %pool2t0 = nn.max_pool %relu1_t0 {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 0, 1, 1>} : (tensor<1x4x4x4xf32>) -> tensor<1x2x2x4xf32>
// CHECK-NEXT: %x1 = pipe.tile %input tile 1 rows [2, 8) pad [0, 0] : tensor<1x8x4x2xf32> -> tensor<1x6x4x2xf32>
// CHECK-NEXT: %conv0t1 = nn.conv2d %x1, %weight0 {padding = array<i64: 0, 1, 1, 1>} : (tensor<1x6x4x2xf32>, tensor<4x3x3x2xf32>) -> tensor<1x5x4x4xf32>
// CHECK-NEXT: pipe.yield %pool2t0, %conv0t1 : tensor<1x2x2x4xf32>, tensor<1x5x4x4xf32>
// CHECK-NEXT: }
// CHECK-NEXT: pipe.barrier
// CHECK-NEXT: %relu1_t1 = pipe.stage 3 -> (tensor<1x5x4x4xf32>) {
// CHECK-NEXT: %relu1t1 = nn.relu %conv0_t1 : tensor<1x5x4x4xf32>
// CHECK-NEXT: pipe.yield %relu1t1 : tensor<1x5x4x4xf32>
// CHECK-NEXT: }
// CHECK-NEXT: pipe.barrier
// CHECK-NEXT: %out1 = pipe.stage 4 -> (tensor<1x2x2x4xf32>) {
// CHECK-NEXT: %pool2t1 = nn.max_pool %relu1_t1 {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 0, 0, 1, 1>} : (tensor<1x5x4x4xf32>) -> tensor<1x2x2x4xf32>
// CHECK-NEXT: pipe.yield %pool2t1 : tensor<1x2x2x4xf32>
// CHECK-NEXT: }
// CHECK-NEXT: pipe.barrier
// CHECK-NEXT: %result = pipe.assemble %out0 [0, 2), %out1 [2, 4) : tensor<1x4x2x4xf32>
// CHECK-NEXT: pipe.yield %result : tensor<1x4x2x4xf32>
// CHECK-NEXT: }
// CHECK: (S) 2 tiles
// CHECK-NEXT: (S) 3 halo-rows
// CHECK: (S) 1 chains-built
// CHECK-NEXT: (S) 3 chain-members
// CHECK-NEXT: (S) 2 recomputed-rows

// HW: %y = hw.kernel "chain" tiles 2 local 393216 align 16 (%input = %x, %weight0 = %w) -> (%output) : (tensor<1x8x4x2xf32>, tensor<4x3x3x2xf32>) -> (tensor<1x4x2x4xf32>) attributes {hw.dma_bytes_saved = 2048 : i64} {
// HW-NEXT: %m0_in = hw.alloc offset 0 : memref<1x6x4x2xf32, "local">
// HW-NEXT: %m0_in_1 = hw.alloc offset 0 : memref<1x7x4x2xf32, "local">
// HW-NEXT: %m0_w0 = hw.alloc offset 224 : memref<4x3x3x2xf32, "local">
// HW-NEXT: %m0_out = hw.alloc offset 512 : memref<1x4x4x4xf32, "local">
// HW-NEXT: %m0_out_1 = hw.alloc offset 512 : memref<1x5x4x4xf32, "local">
// HW-NEXT: %m1_out = hw.alloc offset 832 : memref<1x4x4x4xf32, "local">
// HW-NEXT: %m1_out_1 = hw.alloc offset 832 : memref<1x5x4x4xf32, "local">
// HW-NEXT: %m2_out = hw.alloc offset 1152 : memref<1x2x2x4xf32, "local">
// HW-NEXT: hw.dma_load %input[0, 0, 0, 0] pad [1, 0] -> %m0_in : memref<1x8x4x2xf32> -> memref<1x6x4x2xf32, "local">
// HW-NEXT: hw.dma_load %weight0[0, 0, 0, 0] -> %m0_w0 : memref<4x3x3x2xf32> -> memref<4x3x3x2xf32, "local">
// HW-NEXT: hw.barrier
// HW-NEXT: hw.conv %m0_in, %m0_w0 -> %m0_out {padding = array<i64: 0, 0, 1, 1>} : memref<1x6x4x2xf32, "local">, memref<4x3x3x2xf32, "local"> -> memref<1x4x4x4xf32, "local">
// HW-NEXT: hw.barrier
// HW-NEXT: hw.dma_load %input[0, 2, 0, 0] pad [0, 1] -> %m0_in_1 : memref<1x8x4x2xf32> -> memref<1x7x4x2xf32, "local">
// HW-NEXT: hw.relu %m0_out -> %m1_out : memref<1x4x4x4xf32, "local"> -> memref<1x4x4x4xf32, "local">
// HW-NEXT: hw.barrier
// HW-NEXT: hw.conv %m0_in_1, %m0_w0 -> %m0_out_1 {padding = array<i64: 0, 0, 1, 1>} : memref<1x7x4x2xf32, "local">, memref<4x3x3x2xf32, "local"> -> memref<1x5x4x4xf32, "local">
// HW-NEXT: hw.max_pool %m1_out -> %m2_out {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 0, 1, 1>} : memref<1x4x4x4xf32, "local"> -> memref<1x2x2x4xf32, "local">
// HW-NEXT: hw.barrier
// HW-NEXT: hw.dma_store %m2_out -> %output[0, 0, 0, 0] : memref<1x2x2x4xf32, "local"> -> memref<1x4x2x4xf32>
// HW-NEXT: hw.relu %m0_out_1 -> %m1_out_1 : memref<1x5x4x4xf32, "local"> -> memref<1x5x4x4xf32, "local">
// HW-NEXT: hw.barrier
// HW-NEXT: hw.max_pool %m1_out_1 -> %m2_out {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 0, 0, 1, 1>} : memref<1x5x4x4xf32, "local"> -> memref<1x2x2x4xf32, "local">
// HW-NEXT: hw.barrier
// HW-NEXT: hw.dma_store %m2_out -> %output[0, 2, 0, 0] : memref<1x2x2x4xf32, "local"> -> memref<1x4x2x4xf32>
// HW-NEXT: hw.end
