// Every flag `nnpipe-opt --help` lists does what xdsl-opt does with it.
// RUN: nnpipe-opt %s -p 'fuse-conv-add,cse' --print-between-passes | filecheck %s --check-prefix=BETWEEN
// RUN: nnpipe-opt %s -p 'fuse-conv-add,cse' --time-passes | filecheck %s --check-prefix=TIME
// RUN: nnpipe-opt %S/Inputs/invalid-concat.mlir --disable-verify | filecheck %s --check-prefix=NOVERIFY
// RUN: not nnpipe-opt %S/Inputs/invalid-concat.mlir 2>&1 | filecheck %s --check-prefix=VERIFY
// RUN: nnpipe-opt %s -t mlir | filecheck %s --check-prefix=MLIR
// RUN: not nnpipe-opt %s -t llvm 2>&1 | filecheck %s --check-prefix=TARGET
// RUN: not nnpipe-opt %s --no-such-flag 2>&1 | filecheck %s --check-prefix=FLAG
// RUN: not nnpipe-opt %s --no-implicit-module 2>&1 | filecheck %s --check-prefix=IMPLICIT
// RUN: not nnpipe-opt %s --shrink | filecheck %s --check-prefix=SHRINK
// RUN: nnpipe-opt --help | filecheck %s --check-prefix=HELP

func.func @main(%x: tensor<1x4x4x2xf32>, %w: tensor<2x1x1x2xf32>, %z: tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> {
  %c = nn.conv2d %x, %w : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>) -> tensor<1x4x4x2xf32>
  %y = nn.add %c, %z : (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  func.return %y : tensor<1x4x4x2xf32>
}

// The IR between two passes, then the final IR.
// BETWEEN:      IR after fuse-conv-add:
// BETWEEN-NEXT: builtin.module {
// BETWEEN:        nn.conv_add
// BETWEEN:      builtin.module {
// BETWEEN-NOT:  IR after cse

// One line per pass with its time, in pipeline order.
// TIME:      Pass fuse-conv-add took {{[0-9.e-]+}} seconds
// TIME-NEXT: Pass cse took {{[0-9.e-]+}} seconds

// --disable-verify prints invalid IR back instead of rejecting it.
// NOVERIFY: nn.concat
// VERIFY:   error: 'nn.concat' op

// MLIR: nn.add

// TARGET:   nnpipe-opt: error: argument -t: invalid choice: 'llvm' (choose from mlir)
// FLAG:     nnpipe-opt: error: unrecognized arguments: --no-such-flag
// IMPLICIT: error: builtin.module operation expected

// SHRINK:      func.func @main
// SHRINK:      Failure, can't shrink

// HELP:     Available targets are: mlir
// HELP-NOT: llvm
