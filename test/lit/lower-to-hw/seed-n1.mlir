// RUN: nnpipe-opt %s -p 'h-split{tiles=1},lower-to-hw' | filecheck %s
// RUN: nnpipe-opt %s -p 'h-split{tiles=1},lower-to-hw' | nnpipe-run - --seed 3 --outputs %t.hw.npz
// RUN: nnpipe-run %s --seed 3 --compare %t.hw.npz --tolerance 1e-6

// The seed's conv_add at N = 1: one job, so every role has one slot and the
// schedule is load -> conv -> add -> store, a barrier between each.

func.func @seed(%x: tensor<1x16x16x8xf32>, %w: tensor<16x1x1x8xf32>, %left: tensor<1x16x16x16xf32>) -> tensor<1x16x16x16xf32> {
  %y = nn.conv_add %x, %w, %left : (tensor<1x16x16x8xf32>, tensor<16x1x1x8xf32>, tensor<1x16x16x16xf32>) -> tensor<1x16x16x16xf32>
  func.return %y : tensor<1x16x16x16xf32>
}

// CHECK:      %y = hw.kernel "nn.conv_add" tiles 1 local 393216 align 16 (%input = %x, %weight = %w, %addend = %left) -> (%output) : (tensor<1x16x16x8xf32>, tensor<16x1x1x8xf32>, tensor<1x16x16x16xf32>) -> (tensor<1x16x16x16xf32>) {
// CHECK-NEXT:   %in = hw.alloc offset 0 : memref<1x16x16x8xf32, "local">
// CHECK-NEXT:   %w0 = hw.alloc offset 8192 : memref<16x1x1x8xf32, "local">
// CHECK-NEXT:   %acc = hw.alloc offset 8704 : memref<1x16x16x16xf32, "local">
// CHECK-NEXT:   %z = hw.alloc offset 25088 : memref<1x16x16x16xf32, "local">
// CHECK-NEXT:   %out = hw.alloc offset 41472 : memref<1x16x16x16xf32, "local">
// CHECK-NEXT:   hw.dma_load %input[0, 0, 0, 0] -> %in : memref<1x16x16x8xf32> -> memref<1x16x16x8xf32, "local">
// CHECK-NEXT:   hw.dma_load %weight[0, 0, 0, 0] -> %w0 : memref<16x1x1x8xf32> -> memref<16x1x1x8xf32, "local">
// CHECK-NEXT:   hw.barrier
// CHECK-NEXT:   hw.dma_load %addend[0, 0, 0, 0] -> %z : memref<1x16x16x16xf32> -> memref<1x16x16x16xf32, "local">
// CHECK-NEXT:   hw.conv %in, %w0 -> %acc : memref<1x16x16x8xf32, "local">, memref<16x1x1x8xf32, "local"> -> memref<1x16x16x16xf32, "local">
// CHECK-NEXT:   hw.barrier
// CHECK-NEXT:   hw.add %acc, %z -> %out : memref<1x16x16x16xf32, "local">, memref<1x16x16x16xf32, "local"> -> memref<1x16x16x16xf32, "local">
// CHECK-NEXT:   hw.barrier
// CHECK-NEXT:   hw.dma_store %out -> %output[0, 0, 0, 0] : memref<1x16x16x16xf32, "local"> -> memref<1x16x16x16xf32>
// CHECK-NEXT:   hw.end
// CHECK-NEXT: }
