// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// Data movement keeps the element type.

func.func @main(%x: tensor<2x3xf32>) -> tensor<3x2xf16> {
  %y = nn.transpose %x {permutation = array<i64: 1, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf16>
  func.return %y : tensor<3x2xf16>
}

// CHECK: {{.*}}/verify/transpose-result-element.mlir:6:3: error: 'nn.transpose' op result %y has element type f16, expected f32 (the element type of the input)
