// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// A hw.kernel records a local memory size > 0 (here local 0, for a body with no buffers).

func.func @relu(%x: tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> {
  %y = hw.kernel "nn.relu" tiles 1 local 0 align 16 (%input = %x) -> (%output) : (tensor<1x4x4x2xf32>) -> (tensor<1x4x4x2xf32>) {
    hw.end
  }
  func.return %y : tensor<1x4x4x2xf32>
}

// CHECK: {{.*}}/verify/kernel-local.mlir:6:3: error: 'hw.kernel' op local = 0, expected a local memory size > 0
