// RUN: nnpipe-opt %s -p 'h-split{tiles=4},lower-to-hw' | filecheck %s
// RUN: nnpipe-opt %s -p 'h-split{tiles=4},lower-to-hw' | nnpipe-run - --seed 3 --outputs %t.hw.npz --report | filecheck %s --check-prefix=CYCLES
// RUN: nnpipe-run %s --seed 3 --compare %t.hw.npz --tolerance 1e-6

// The seed's conv_add at N = 4 (brief §2 with DMA as the third engine): stage s
// loads tile s (and the weights, once, resident), loads the addend of tile s-1,
// runs the conv of tile s-1 and the add of tile s-2, stores tile s-3. Input tiles,
// accumulators, addend tiles and results alternate between two slots.

func.func @seed(%x: tensor<1x16x16x8xf32>, %w: tensor<16x1x1x8xf32>, %left: tensor<1x16x16x16xf32>) -> tensor<1x16x16x16xf32> {
  %y = nn.conv_add %x, %w, %left : (tensor<1x16x16x8xf32>, tensor<16x1x1x8xf32>, tensor<1x16x16x16xf32>) -> tensor<1x16x16x16xf32>
  func.return %y : tensor<1x16x16x16xf32>
}

// CHECK:      %y = hw.kernel "nn.conv_add" tiles 4 local 393216 align 16 (%input = %x, %weight = %w, %addend = %left) -> (%output) : (tensor<1x16x16x8xf32>, tensor<16x1x1x8xf32>, tensor<1x16x16x16xf32>) -> (tensor<1x16x16x16xf32>) {
// CHECK-NEXT:   %in0 = hw.alloc offset 0 : memref<1x4x16x8xf32, "local">
// CHECK-NEXT:   %in1 = hw.alloc offset 2048 : memref<1x4x16x8xf32, "local">
// CHECK-NEXT:   %w0 = hw.alloc offset 4096 : memref<16x1x1x8xf32, "local">
// CHECK-NEXT:   %acc0 = hw.alloc offset 4608 : memref<1x4x16x16xf32, "local">
// CHECK-NEXT:   %acc1 = hw.alloc offset 8704 : memref<1x4x16x16xf32, "local">
// CHECK-NEXT:   %z0 = hw.alloc offset 12800 : memref<1x4x16x16xf32, "local">
// CHECK-NEXT:   %z1 = hw.alloc offset 16896 : memref<1x4x16x16xf32, "local">
// CHECK-NEXT:   %out0 = hw.alloc offset 20992 : memref<1x4x16x16xf32, "local">
// CHECK-NEXT:   %out1 = hw.alloc offset 25088 : memref<1x4x16x16xf32, "local">
// CHECK-NEXT:   hw.dma_load %input[0, 0, 0, 0] -> %in0 : memref<1x16x16x8xf32> -> memref<1x4x16x8xf32, "local">
// CHECK-NEXT:   hw.dma_load %weight[0, 0, 0, 0] -> %w0 : memref<16x1x1x8xf32> -> memref<16x1x1x8xf32, "local">
// CHECK-NEXT:   hw.barrier
// CHECK-NEXT:   hw.dma_load %addend[0, 0, 0, 0] -> %z0 : memref<1x16x16x16xf32> -> memref<1x4x16x16xf32, "local">
// CHECK-NEXT:   hw.dma_load %input[0, 4, 0, 0] -> %in1 : memref<1x16x16x8xf32> -> memref<1x4x16x8xf32, "local">
// CHECK-NEXT:   hw.conv %in0, %w0 -> %acc0 : memref<1x4x16x8xf32, "local">, memref<16x1x1x8xf32, "local"> -> memref<1x4x16x16xf32, "local">
// CHECK-NEXT:   hw.barrier
// CHECK-NEXT:   hw.dma_load %addend[0, 4, 0, 0] -> %z1 : memref<1x16x16x16xf32> -> memref<1x4x16x16xf32, "local">
// CHECK-NEXT:   hw.dma_load %input[0, 8, 0, 0] -> %in0 : memref<1x16x16x8xf32> -> memref<1x4x16x8xf32, "local">
// CHECK-NEXT:   hw.conv %in1, %w0 -> %acc1 : memref<1x4x16x8xf32, "local">, memref<16x1x1x8xf32, "local"> -> memref<1x4x16x16xf32, "local">
// CHECK-NEXT:   hw.add %acc0, %z0 -> %out0 : memref<1x4x16x16xf32, "local">, memref<1x4x16x16xf32, "local"> -> memref<1x4x16x16xf32, "local">
// CHECK-NEXT:   hw.barrier
// CHECK-NEXT:   hw.dma_load %addend[0, 8, 0, 0] -> %z0 : memref<1x16x16x16xf32> -> memref<1x4x16x16xf32, "local">
// CHECK-NEXT:   hw.dma_load %input[0, 12, 0, 0] -> %in1 : memref<1x16x16x8xf32> -> memref<1x4x16x8xf32, "local">
// CHECK-NEXT:   hw.dma_store %out0 -> %output[0, 0, 0, 0] : memref<1x4x16x16xf32, "local"> -> memref<1x16x16x16xf32>
// CHECK-NEXT:   hw.conv %in0, %w0 -> %acc0 : memref<1x4x16x8xf32, "local">, memref<16x1x1x8xf32, "local"> -> memref<1x4x16x16xf32, "local">
// CHECK-NEXT:   hw.add %acc1, %z1 -> %out1 : memref<1x4x16x16xf32, "local">, memref<1x4x16x16xf32, "local"> -> memref<1x4x16x16xf32, "local">
// CHECK-NEXT:   hw.barrier
// CHECK-NEXT:   hw.dma_load %addend[0, 12, 0, 0] -> %z1 : memref<1x16x16x16xf32> -> memref<1x4x16x16xf32, "local">
// CHECK-NEXT:   hw.dma_store %out1 -> %output[0, 4, 0, 0] : memref<1x4x16x16xf32, "local"> -> memref<1x16x16x16xf32>
// CHECK-NEXT:   hw.conv %in1, %w0 -> %acc1 : memref<1x4x16x8xf32, "local">, memref<16x1x1x8xf32, "local"> -> memref<1x4x16x16xf32, "local">
// CHECK-NEXT:   hw.add %acc0, %z0 -> %out0 : memref<1x4x16x16xf32, "local">, memref<1x4x16x16xf32, "local"> -> memref<1x4x16x16xf32, "local">
// CHECK-NEXT:   hw.barrier
// CHECK-NEXT:   hw.dma_store %out0 -> %output[0, 8, 0, 0] : memref<1x4x16x16xf32, "local"> -> memref<1x16x16x16xf32>
// CHECK-NEXT:   hw.add %acc1, %z1 -> %out1 : memref<1x4x16x16xf32, "local">, memref<1x4x16x16xf32, "local"> -> memref<1x4x16x16xf32, "local">
// CHECK-NEXT:   hw.barrier
// CHECK-NEXT:   hw.dma_store %out1 -> %output[0, 12, 0, 0] : memref<1x4x16x16xf32, "local"> -> memref<1x16x16x16xf32>
// CHECK-NEXT:   hw.end
// CHECK-NEXT: }

// Hand-computed in test/unit/test_hw_level.py: 7 stages, DMA-bound.
// CYCLES:      target ethos-u65-256
// CYCLES-NEXT:   total cycles       9,395  0.009 ms
// CYCLES-NEXT:   serial cycles     12,643  1.35x total
// CYCLES-NEXT:   lower bound        8,963  total is 1.05x
// CYCLES-NEXT:   conv engine busy     256  2.7%
// CYCLES-NEXT:   add engine busy    3,200  34.1%
// CYCLES-NEXT:   dma engine busy    8,963  95.4%
// CYCLES-NEXT:   MAC utilisation     1.4%  32,768 MACs
// CYCLES-NEXT:   DMA bytes         41,472
