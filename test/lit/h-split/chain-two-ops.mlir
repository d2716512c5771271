// RUN: nnpipe-opt %s -p 'h-split{tiles=2 chains=true}' | filecheck %s
// RUN: nnpipe-opt %s -p 'h-split{tiles=2 chains=true},lower-to-hw' | filecheck %s --check-prefix=HW
// RUN: nnpipe-run %s --seed 3 --outputs %t.nn.npz
// RUN: nnpipe-opt %s -p 'h-split{tiles=2 chains=true}' -o %t.pipe.mlir
// RUN: nnpipe-run %t.pipe.mlir --seed 3 --compare %t.nn.npz --tolerance 1e-6 | filecheck %s --check-prefix=CMP
// RUN: nnpipe-opt %t.pipe.mlir -p lower-to-hw -o %t.hw.mlir
// RUN: nnpipe-run %t.hw.mlir --seed 3 --compare %t.nn.npz --tolerance 1e-6 --report | filecheck %s --check-prefix=CMP

// A two-op chain: conv (3x3, padding 1) then relu, as one pipeline of 2 tiles. The
// computes region holds the chain on whole tensors; the stages run it tile by tile,
// the conv of tile 1 on the conv engine while the relu of tile 0 runs on the add
// engine. Each tile reads its input rows with the halo (rows [0, 5) and [3, 8)) and
// its conv pads only at the tensor edge, in the op. At the hw level the relu reads
// the conv's local buffer: nothing between them is stored or loaded, and the kernel
// records the DMA bytes that saves (the conv's result, stored and loaded back).

func.func @conv_relu(%x: tensor<1x8x4x4xf32>, %w: tensor<4x3x3x4xf32>, %b: tensor<4xf32>) -> tensor<1x8x4x4xf32> {
  %c = nn.conv2d %x, %w, %b {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x8x4x4xf32>, tensor<4x3x3x4xf32>, tensor<4xf32>) -> tensor<1x8x4x4xf32>
  %y = nn.relu %c : tensor<1x8x4x4xf32>
  func.return %y : tensor<1x8x4x4xf32>
}

// CMP: result0: max relative error {{.*}} (tolerance 1e-06)

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

// HW: %y = hw.kernel "chain" tiles 2 local 393216 align 16 (%input = %x, %weight0 = %w, %bias0 = %b) -> (%output) : (tensor<1x8x4x4xf32>, tensor<4x3x3x4xf32>, tensor<4xf32>) -> (tensor<1x8x4x4xf32>) attributes {hw.dma_bytes_saved = 1024 : i64} {
// HW-NEXT: %m0_in0 = hw.alloc offset 0 : memref<1x6x4x4xf32, "local">
// HW-NEXT: %m0_in1 = hw.alloc offset 384 : memref<1x6x4x4xf32, "local">
// HW-NEXT: %m0_w0 = hw.alloc offset 768 : memref<4x3x3x4xf32, "local">
// HW-NEXT: %m0_bias0 = hw.alloc offset 1344 : memref<4xf32, "local">
// HW-NEXT: %m0_out0 = hw.alloc offset 1360 : memref<1x4x4x4xf32, "local">
// HW-NEXT: %m0_out1 = hw.alloc offset 1616 : memref<1x4x4x4xf32, "local">
// HW-NEXT: %m1_out0 = hw.alloc offset 1872 : memref<1x4x4x4xf32, "local">
// HW-NEXT: %m1_out1 = hw.alloc offset 2128 : memref<1x4x4x4xf32, "local">
// HW-NEXT: hw.dma_load %input[0, 0, 0, 0] pad [1, 0] -> %m0_in0 : memref<1x8x4x4xf32> -> memref<1x6x4x4xf32, "local">
// HW-NEXT: hw.dma_load %weight0[0, 0, 0, 0] -> %m0_w0 : memref<4x3x3x4xf32> -> memref<4x3x3x4xf32, "local">
// HW-NEXT: hw.dma_load %bias0[0] -> %m0_bias0 : memref<4xf32> -> memref<4xf32, "local">
// HW-NEXT: hw.barrier
// HW-NEXT: hw.dma_load %input[0, 3, 0, 0] pad [0, 1] -> %m0_in1 : memref<1x8x4x4xf32> -> memref<1x6x4x4xf32, "local">
// HW-NEXT: hw.conv %m0_in0, %m0_w0, %m0_bias0 -> %m0_out0 {padding = array<i64: 0, 0, 1, 1>} : memref<1x6x4x4xf32, "local">, memref<4x3x3x4xf32, "local">, memref<4xf32, "local"> -> memref<1x4x4x4xf32, "local">
// HW-NEXT: hw.barrier
// HW-NEXT: hw.conv %m0_in1, %m0_w0, %m0_bias0 -> %m0_out1 {padding = array<i64: 0, 0, 1, 1>} : memref<1x6x4x4xf32, "local">, memref<4x3x3x4xf32, "local">, memref<4xf32, "local"> -> memref<1x4x4x4xf32, "local">
// HW-NEXT: hw.relu %m0_out0 -> %m1_out0 : memref<1x4x4x4xf32, "local"> -> memref<1x4x4x4xf32, "local">
// HW-NEXT: hw.barrier
// HW-NEXT: hw.dma_store %m1_out0 -> %output[0, 0, 0, 0] : memref<1x4x4x4xf32, "local"> -> memref<1x8x4x4xf32>
// HW-NEXT: hw.relu %m0_out1 -> %m1_out1 : memref<1x4x4x4xf32, "local"> -> memref<1x4x4x4xf32, "local">
// HW-NEXT: hw.barrier
// HW-NEXT: hw.dma_store %m1_out1 -> %output[0, 4, 0, 0] : memref<1x4x4x4xf32, "local"> -> memref<1x8x4x4xf32>
// HW-NEXT: hw.end
