// Input from stdin, as `-` or with no file argument; errors then name `<stdin>`.
// RUN: nnpipe-opt - < %s | filecheck %s
// RUN: cat %s | nnpipe-opt | filecheck %s
// RUN: not nnpipe-opt - < %S/Inputs/invalid-concat.mlir 2>&1 | filecheck %s --check-prefix=ERR

// CHECK-LABEL: func.func @main
// CHECK-NEXT:    %y = nn.concat %a, %b {axis = 0 : i64} : (tensor<2xf32>, tensor<3xf32>) -> tensor<5xf32>
// ERR: <stdin>:5:3: error: 'nn.concat' op result %y has shape [6], expected [5] (the inputs joined along axis 0)

func.func @main(%a: tensor<2xf32>, %b: tensor<3xf32>) -> tensor<5xf32> {
  %y = nn.concat %a, %b {axis = 0 : i64} : (tensor<2xf32>, tensor<3xf32>) -> tensor<5xf32>
  func.return %y : tensor<5xf32>
}
