// --split-input-file: each chunk is parsed and verified on its own; a located error
// in a later chunk carries its line number in the whole file, not in the chunk.
// With --verify-diagnostics every chunk is processed, errors go to stdout, exit 0.
// RUN: nnpipe-opt %s --split-input-file --verify-diagnostics | filecheck %s --check-prefix=DIAG
// Without it, like mlir-opt, every chunk is still processed: the good chunks' IR on
// stdout, one line on stderr per bad chunk, exit 1.
// (The expected separators are spelled `{{//}} -----`: like xdsl-opt, nnpipe-opt splits
// at every occurrence of the marker, even inside a comment.)
// RUN: not nnpipe-opt %s --split-input-file 2> %t.err | filecheck %s --check-prefix=OUT
// RUN: filecheck %s --check-prefix=ERR < %t.err
// With -o, a run with a bad chunk writes no file.
// RUN: not nnpipe-opt %s --split-input-file -o %t.out.mlir
// RUN: not test -e %t.out.mlir

// DIAG:      func.func @first
// DIAG-NEXT:   %y = nn.relu %x : tensor<4xf32>
// DIAG:      {{//}} -----
// DIAG-NEXT: {{.*}}split-input-file.mlir:40:3: error: 'nn.reshape' op result %y has 5 elements [5], input %x has 4 [2, 2]: a reshape keeps the element count
// DIAG-NEXT: {{//}} -----
// DIAG:      func.func @third
// DIAG-NEXT:   %y = nn.transpose %x {permutation = array<i64: 1, 0>}
// DIAG:      {{//}} -----
// DIAG-NEXT: {{.*}}split-input-file.mlir:52:1: error: {{.*}}

// OUT:      func.func @first
// OUT:      func.func @third
// OUT-NOT:  error

// ERR:      {{^.*}}split-input-file.mlir:40:3: error: 'nn.reshape' op result %y has 5 elements [5], input %x has 4 [2, 2]: a reshape keeps the element count
// ERR-NEXT: {{^.*}}split-input-file.mlir:52:1: error: {{.*}}
// ERR-NOT:  {{.}}

func.func @first(%x: tensor<4xf32>) -> tensor<4xf32> {
  %y = nn.relu %x : tensor<4xf32>
  func.return %y : tensor<4xf32>
}

// -----
func.func @second(%x: tensor<2x2xf32>) -> tensor<5xf32> {
  %y = nn.reshape %x : (tensor<2x2xf32>) -> tensor<5xf32>
  func.return %y : tensor<5xf32>
}

// -----
func.func @third(%x: tensor<2x3xf32>) -> tensor<3x2xf32> {
  %y = nn.transpose %x {permutation = array<i64: 1, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  func.return %y : tensor<3x2xf32>
}

// -----
func.func @fourth(
