// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// Dimensions are 64-bit, as in MLIR.

func.func @main(%x: tensor<99999999999999999999xf32>) -> tensor<99999999999999999999xf32> {
  func.return %x : tensor<99999999999999999999xf32>
}

// CHECK: {{.*}}/verify/dimension-too-large.mlir:5:1: error: 'func.func' op value %x has type tensor<99999999999999999999xf32>: dimension 99999999999999999999 does not fit in 64 bits
