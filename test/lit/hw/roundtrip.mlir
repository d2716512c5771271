// RUN: nnpipe-opt %s | nnpipe-opt | filecheck %s
// RUN: nnpipe-opt %s --print-op-generic | nnpipe-opt | filecheck %s
// RUN: nnpipe-opt %s --print-op-generic | filecheck %s --check-prefix=GENERIC
// RUN: nnpipe-opt %s -o %t.1.mlir && nnpipe-opt %t.1.mlir -o %t.2.mlir && diff %t.1.mlir %t.2.mlir

// The custom syntax of every hw op round-trips, directly and through the generic form
// (which is what mlir-opt reads with --allow-unregistered-dialect): a conv_add kernel
// of 2 tiles with a 3x3 conv (DMA pad rows), a bias and a fused relu.

func.func @conv_add(%x: tensor<1x4x4x2xf32>, %w: tensor<4x3x3x2xf32>, %b: tensor<4xf32>, %z: tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32> {
  %r = hw.kernel "nn.conv_add" tiles 2 local 393216 align 16 (%input = %x, %weight = %w, %addend = %z, %bias = %b) -> (%output) : (tensor<1x4x4x2xf32>, tensor<4x3x3x2xf32>, tensor<1x4x4x4xf32>, tensor<4xf32>) -> (tensor<1x4x4x4xf32>) {
    %in0 = hw.alloc offset 0 : memref<1x4x4x2xf32, "local">
    %in1 = hw.alloc offset 128 : memref<1x4x4x2xf32, "local">
    %w0 = hw.alloc offset 256 : memref<4x3x3x2xf32, "local">
    %bias0 = hw.alloc offset 544 : memref<4xf32, "local">
    %acc0 = hw.alloc offset 560 : memref<1x2x4x4xf32, "local">
    %acc1 = hw.alloc offset 688 : memref<1x2x4x4xf32, "local">
    %z0 = hw.alloc offset 816 : memref<1x2x4x4xf32, "local">
    %z1 = hw.alloc offset 944 : memref<1x2x4x4xf32, "local">
    %out0 = hw.alloc offset 1072 : memref<1x2x4x4xf32, "local">
    %out1 = hw.alloc offset 1200 : memref<1x2x4x4xf32, "local">
    hw.dma_load %input[0, 0, 0, 0] pad [1, 0] -> %in0 : memref<1x4x4x2xf32> -> memref<1x4x4x2xf32, "local">
    hw.dma_load %weight[0, 0, 0, 0] -> %w0 : memref<4x3x3x2xf32> -> memref<4x3x3x2xf32, "local">
    hw.dma_load %bias[0] -> %bias0 : memref<4xf32> -> memref<4xf32, "local">
    hw.barrier
    hw.dma_load %addend[0, 0, 0, 0] -> %z0 : memref<1x4x4x4xf32> -> memref<1x2x4x4xf32, "local">
    hw.dma_load %input[0, 1, 0, 0] pad [0, 1] -> %in1 : memref<1x4x4x2xf32> -> memref<1x4x4x2xf32, "local">
    hw.conv %in0, %w0, %bias0 -> %acc0 {strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 1, 1>, dilations = array<i64: 1, 1>} : memref<1x4x4x2xf32, "local">, memref<4x3x3x2xf32, "local">, memref<4xf32, "local"> -> memref<1x2x4x4xf32, "local">
    hw.barrier
    hw.dma_load %addend[0, 2, 0, 0] -> %z1 : memref<1x4x4x4xf32> -> memref<1x2x4x4xf32, "local">
    hw.conv %in1, %w0, %bias0 -> %acc1 {strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 1, 1>, dilations = array<i64: 1, 1>} : memref<1x4x4x2xf32, "local">, memref<4x3x3x2xf32, "local">, memref<4xf32, "local"> -> memref<1x2x4x4xf32, "local">
    hw.add %acc0, %z0 -> %out0 {activation = #nn.activation<relu>} : memref<1x2x4x4xf32, "local">, memref<1x2x4x4xf32, "local"> -> memref<1x2x4x4xf32, "local">
    hw.barrier
    hw.dma_store %out0 -> %output[0, 0, 0, 0] : memref<1x2x4x4xf32, "local"> -> memref<1x4x4x4xf32>
    hw.add %acc1, %z1 -> %out1 {activation = #nn.activation<relu>} : memref<1x2x4x4xf32, "local">, memref<1x2x4x4xf32, "local"> -> memref<1x2x4x4xf32, "local">
    hw.barrier
    hw.dma_store %out1 -> %output[0, 2, 0, 0] : memref<1x2x4x4xf32, "local"> -> memref<1x4x4x4xf32>
    hw.end
  }
  func.return %r : tensor<1x4x4x4xf32>
}

// CHECK: func.func @conv_add(%x: tensor<1x4x4x2xf32>, %w: tensor<4x3x3x2xf32>, %b: tensor<4xf32>, %z: tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32> {
// CHECK-NEXT: %r = hw.kernel "nn.conv_add" tiles 2 local 393216 align 16 (%input = %x, %weight = %w, %addend = %z, %bias = %b) -> (%output) : (tensor<1x4x4x2xf32>, tensor<4x3x3x2xf32>, tensor<1x4x4x4xf32>, tensor<4xf32>) -> (tensor<1x4x4x4xf32>) {
// CHECK-NEXT: %in0 = hw.alloc offset 0 : memref<1x4x4x2xf32, "local">
// CHECK-NEXT: %in1 = hw.alloc offset 128 : memref<1x4x4x2xf32, "local">
// CHECK-NEXT: %w0 = hw.alloc offset 256 : memref<4x3x3x2xf32, "local">
// CHECK-NEXT: %bias0 = hw.alloc offset 544 : memref<4xf32, "local">
// CHECK-NEXT: %acc0 = hw.alloc offset 560 : memref<1x2x4x4xf32, "local">
// CHECK-NEXT: %acc1 = hw.alloc offset 688 : memref<1x2x4x4xf32, "local">
// CHECK-NEXT: %z0 = hw.alloc offset 816 : memref<1x2x4x4xf32, "local">
// CHECK-NEXT: %z1 = hw.alloc offset 944 : memref<1x2x4x4xf32, "local">
// CHECK-NEXT: %out0 = hw.alloc offset 1072 : memref<1x2x4x4xf32, "local">
// CHECK-NEXT: %out1 = hw.alloc offset 1200 : memref<1x2x4x4xf32, "local">
// CHECK-NEXT: hw.dma_load %input[0, 0, 0, 0] pad [1, 0] -> %in0 : memref<1x4x4x2xf32> -> memref<1x4x4x2xf32, "local">
// CHECK-NEXT: hw.dma_load %weight[0, 0, 0, 0] -> %w0 : memref<4x3x3x2xf32> -> memref<4x3x3x2xf32, "local">
// CHECK-NEXT: hw.dma_load %bias[0] -> %bias0 : memref<4xf32> -> memref<4xf32, "local">
// CHECK-NEXT: hw.barrier
// CHECK-NEXT: hw.dma_load %addend[0, 0, 0, 0] -> %z0 : memref<1x4x4x4xf32> -> memref<1x2x4x4xf32, "local">
// CHECK-NEXT: hw.dma_load %input[0, 1, 0, 0] pad [0, 1] -> %in1 : memref<1x4x4x2xf32> -> memref<1x4x4x2xf32, "local">
// CHECK-NEXT: hw.conv %in0, %w0, %bias0 -> %acc0 {strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 1, 1>, dilations = array<i64: 1, 1>} : memref<1x4x4x2xf32, "local">, memref<4x3x3x2xf32, "local">, memref<4xf32, "local"> -> memref<1x2x4x4xf32, "local">
// CHECK-NEXT: hw.barrier
// CHECK-NEXT: hw.dma_load %addend[0, 2, 0, 0] -> %z1 : memref<1x4x4x4xf32> -> memref<1x2x4x4xf32, "local">
// CHECK-NEXT: hw.conv %in1, %w0, %bias0 -> %acc1 {strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 1, 1>, dilations = array<i64: 1, 1>} : memref<1x4x4x2xf32, "local">, memref<4x3x3x2xf32, "local">, memref<4xf32, "local"> -> memref<1x2x4x4xf32, "local">
// CHECK-NEXT: hw.add %acc0, %z0 -> %out0 {activation = #nn.activation<relu>} : memref<1x2x4x4xf32, "local">, memref<1x2x4x4xf32, "local"> -> memref<1x2x4x4xf32, "local">
// CHECK-NEXT: hw.barrier
// CHECK-NEXT: hw.dma_store %out0 -> %output[0, 0, 0, 0] : memref<1x2x4x4xf32, "local"> -> memref<1x4x4x4xf32>
// CHECK-NEXT: hw.add %acc1, %z1 -> %out1 {activation = #nn.activation<relu>} : memref<1x2x4x4xf32, "local">, memref<1x2x4x4xf32, "local"> -> memref<1x2x4x4xf32, "local">
// CHECK-NEXT: hw.barrier
// CHECK-NEXT: hw.dma_store %out1 -> %output[0, 2, 0, 0] : memref<1x2x4x4xf32, "local"> -> memref<1x4x4x4xf32>
// CHECK-NEXT: hw.end
// CHECK-NEXT: }
// CHECK-NEXT: func.return %r : tensor<1x4x4x4xf32>
// CHECK-NEXT: }

// GENERIC: %r = "hw.kernel"(%x, %w, %z, %b) <{origin = "nn.conv_add", tiles = 2 : i64, local_bytes = 393216 : i64, alignment = 16 : i64}> ({
// GENERIC-NEXT: ^bb0(%input: memref<1x4x4x2xf32>, %weight: memref<4x3x3x2xf32>, %addend: memref<1x4x4x4xf32>, %bias: memref<4xf32>, %output: memref<1x4x4x4xf32>):
// GENERIC-NEXT: %in0 = "hw.alloc"() <{offset = 0 : i64}> : () -> memref<1x4x4x2xf32, "local">
// GENERIC-NEXT: %in1 = "hw.alloc"() <{offset = 128 : i64}> : () -> memref<1x4x4x2xf32, "local">
// GENERIC-NEXT: %w0 = "hw.alloc"() <{offset = 256 : i64}> : () -> memref<4x3x3x2xf32, "local">
// GENERIC-NEXT: %bias0 = "hw.alloc"() <{offset = 544 : i64}> : () -> memref<4xf32, "local">
// GENERIC-NEXT: %acc0 = "hw.alloc"() <{offset = 560 : i64}> : () -> memref<1x2x4x4xf32, "local">
// GENERIC-NEXT: %acc1 = "hw.alloc"() <{offset = 688 : i64}> : () -> memref<1x2x4x4xf32, "local">
// GENERIC-NEXT: %z0 = "hw.alloc"() <{offset = 816 : i64}> : () -> memref<1x2x4x4xf32, "local">
// GENERIC-NEXT: %z1 = "hw.alloc"() <{offset = 944 : i64}> : () -> memref<1x2x4x4xf32, "local">
// GENERIC-NEXT: %out0 = "hw.alloc"() <{offset = 1072 : i64}> : () -> memref<1x2x4x4xf32, "local">
// GENERIC-NEXT: %out1 = "hw.alloc"() <{offset = 1200 : i64}> : () -> memref<1x2x4x4xf32, "local">
// GENERIC-NEXT: "hw.dma_load"(%input, %in0) <{offsets = array<i64: 0, 0, 0, 0>, pad = array<i64: 1, 0>}> : (memref<1x4x4x2xf32>, memref<1x4x4x2xf32, "local">) -> ()
// GENERIC-NEXT: "hw.dma_load"(%weight, %w0) <{offsets = array<i64: 0, 0, 0, 0>}> : (memref<4x3x3x2xf32>, memref<4x3x3x2xf32, "local">) -> ()
// GENERIC-NEXT: "hw.dma_load"(%bias, %bias0) <{offsets = array<i64: 0>}> : (memref<4xf32>, memref<4xf32, "local">) -> ()
// GENERIC-NEXT: "hw.barrier"() : () -> ()
// GENERIC-NEXT: "hw.dma_load"(%addend, %z0) <{offsets = array<i64: 0, 0, 0, 0>}> : (memref<1x4x4x4xf32>, memref<1x2x4x4xf32, "local">) -> ()
// GENERIC-NEXT: "hw.dma_load"(%input, %in1) <{offsets = array<i64: 0, 1, 0, 0>, pad = array<i64: 0, 1>}> : (memref<1x4x4x2xf32>, memref<1x4x4x2xf32, "local">) -> ()
// GENERIC-NEXT: "hw.conv"(%in0, %w0, %bias0, %acc0) <{strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 1, 1>, dilations = array<i64: 1, 1>}> : (memref<1x4x4x2xf32, "local">, memref<4x3x3x2xf32, "local">, memref<4xf32, "local">, memref<1x2x4x4xf32, "local">) -> ()
// GENERIC-NEXT: "hw.barrier"() : () -> ()
// GENERIC-NEXT: "hw.dma_load"(%addend, %z1) <{offsets = array<i64: 0, 2, 0, 0>}> : (memref<1x4x4x4xf32>, memref<1x2x4x4xf32, "local">) -> ()
// GENERIC-NEXT: "hw.conv"(%in1, %w0, %bias0, %acc1) <{strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 1, 1>, dilations = array<i64: 1, 1>}> : (memref<1x4x4x2xf32, "local">, memref<4x3x3x2xf32, "local">, memref<4xf32, "local">, memref<1x2x4x4xf32, "local">) -> ()
// GENERIC-NEXT: "hw.add"(%acc0, %z0, %out0) <{activation = #nn.activation<relu>}> : (memref<1x2x4x4xf32, "local">, memref<1x2x4x4xf32, "local">, memref<1x2x4x4xf32, "local">) -> ()
// GENERIC-NEXT: "hw.barrier"() : () -> ()
// GENERIC-NEXT: "hw.dma_store"(%out0, %output) <{offsets = array<i64: 0, 0, 0, 0>}> : (memref<1x2x4x4xf32, "local">, memref<1x4x4x4xf32>) -> ()
// GENERIC-NEXT: "hw.add"(%acc1, %z1, %out1) <{activation = #nn.activation<relu>}> : (memref<1x2x4x4xf32, "local">, memref<1x2x4x4xf32, "local">, memref<1x2x4x4xf32, "local">) -> ()
// GENERIC-NEXT: "hw.barrier"() : () -> ()
// GENERIC-NEXT: "hw.dma_store"(%out1, %output) <{offsets = array<i64: 0, 2, 0, 0>}> : (memref<1x2x4x4xf32, "local">, memref<1x4x4x4xf32>) -> ()
// GENERIC-NEXT: "hw.end"() : () -> ()
// GENERIC-NEXT: }) : (tensor<1x4x4x2xf32>, tensor<4x3x3x2xf32>, tensor<1x4x4x4xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32>
