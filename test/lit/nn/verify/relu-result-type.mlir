// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// Input and result share one type (xDSL's type variable; generic form).

func.func @main(%x: tensor<4xf32>) -> tensor<4xf16> {
  %y = "nn.relu"(%x) : (tensor<4xf32>) -> tensor<4xf16>
  func.return %y : tensor<4xf16>
}

// CHECK: {{.*}}/verify/relu-result-type.mlir:6:3: error: 'nn.relu' op attribute tensor<4xf32> expected from variable 'T', but got tensor<4xf16>
