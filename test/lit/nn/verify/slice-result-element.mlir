// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// slice keeps the element type.

func.func @main(%x: tensor<8xf32>) -> tensor<2xf16> {
  %y = nn.slice %x {offsets = array<i64: 0>, strides = array<i64: 1>} : (tensor<8xf32>) -> tensor<2xf16>
  func.return %y : tensor<2xf16>
}

// CHECK: {{.*}}/verify/slice-result-element.mlir:6:3: error: 'nn.slice' op result %y has element type f16, expected f32 (the element type of the input)
