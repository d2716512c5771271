// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// A value used before its definition: mlir-opt rejects it ("operand #0 does not
// dominate this use"); so does nnpipe-opt, at the use.

func.func @main(%x: tensor<2xf32>) -> tensor<2xf32> {
  %y = nn.relu %z : tensor<2xf32>
  %z = nn.relu %x : tensor<2xf32>
  func.return %y : tensor<2xf32>
}

// CHECK: {{.*}}/verify/dominance.mlir:7:3: error: 'nn.relu' op operand #0 (%z) does not dominate this use
