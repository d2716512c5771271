// RUN: nnpipe-opt %s -p lower-to-hw | filecheck %s
// RUN: nnpipe-opt %s -p lower-to-hw | nnpipe-run - --seed 6 --outputs %t.hw.npz
// RUN: nnpipe-run %s --seed 6 --compare %t.hw.npz --tolerance 0

// A per-channel scale and shift that no conv absorbs (DenseNet's pre-activation
// batch norms after nn-optimize): the add engine broadcasts one value per channel,
// loaded as a [1, 1, 1, C] buffer (one block's channels when channels are cut).
// Bit-identical to the nn level. A broadcast of any other shape stays on the host.

func.func @scale_shift(%x: tensor<1x4x4x8xf32>, %s: tensor<1x1x1x8xf32>, %t: tensor<1x1x1x8xf32>, %r: tensor<1x4x1x8xf32>) -> tensor<1x4x4x8xf32> {
  %m = nn.mul %x, %s : (tensor<1x4x4x8xf32>, tensor<1x1x1x8xf32>) -> tensor<1x4x4x8xf32>
  %a = nn.add %m, %t : (tensor<1x4x4x8xf32>, tensor<1x1x1x8xf32>) -> tensor<1x4x4x8xf32>
  %o = nn.add %a, %r : (tensor<1x4x4x8xf32>, tensor<1x4x1x8xf32>) -> tensor<1x4x4x8xf32>
  func.return %o : tensor<1x4x4x8xf32>
}

// CHECK:      %m = hw.kernel "nn.mul" tiles 1 local 393216 align 16 (%lhs = %x, %rhs = %s) -> (%output)
// CHECK:        hw.dma_load %rhs[0, 0, 0, 0] -> %b : memref<1x1x1x8xf32> -> memref<1x1x1x8xf32, "local">
// CHECK:        hw.mul %a, %b -> %out : memref<1x4x4x8xf32, "local">, memref<1x1x1x8xf32, "local"> -> memref<1x4x4x8xf32, "local">
// CHECK:      %a = hw.kernel "nn.add" tiles 1
// CHECK:        hw.add %a_1, %b -> %out : memref<1x4x4x8xf32, "local">, memref<1x1x1x8xf32, "local"> -> memref<1x4x4x8xf32, "local">
// CHECK:      %o = nn.add %a, %r {hw.host}
