// -o writes the result to a file, only once everything succeeded: a failing run
// leaves no file behind (and does not clobber an existing one), nothing on stdout.
// RUN: rm -rf %t && mkdir -p %t
// RUN: nnpipe-opt %s -o %t/out.mlir | filecheck %s --check-prefix=EMPTY --allow-empty
// RUN: filecheck %s < %t/out.mlir
// RUN: not nnpipe-opt %S/Inputs/invalid-concat.mlir -o %t/bad.mlir 2>&1 | filecheck %s --check-prefix=ERR
// RUN: not test -e %t/bad.mlir
// RUN: not nnpipe-opt %S/Inputs/invalid-concat.mlir -o %t/out.mlir 2>&1 | filecheck %s --check-prefix=ERR
// RUN: filecheck %s < %t/out.mlir
// A failure in a later --split-input-file chunk also writes nothing.
// RUN: not nnpipe-opt %S/split-input-file.mlir --split-input-file -o %t/split.mlir
// RUN: not test -e %t/split.mlir

// CHECK-LABEL: func.func @main
// CHECK-NEXT:    %y = nn.broadcast %x : (tensor<3xf32>) -> tensor<2x3xf32>
// EMPTY-NOT: {{.}}
// ERR: {{.*}}invalid-concat.mlir:5:3: error: 'nn.concat' op result %y has shape [6], expected [5] (the inputs joined along axis 0)

func.func @main(%x: tensor<3xf32>) -> tensor<2x3xf32> {
  %y = nn.broadcast %x : (tensor<3xf32>) -> tensor<2x3xf32>
  func.return %y : tensor<2x3xf32>
}
