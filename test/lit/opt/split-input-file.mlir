// --split-input-file: each chunk is parsed and verified on its own; a located error
// in a later chunk carries its line number in the whole file, not in the chunk.
// With --verify-diagnostics every chunk is processed, errors go to stdout, exit 0.
// RUN: nnpipe-opt %s --split-input-file --verify-diagnostics | filecheck %s --check-prefix=DIAG
// Without it, the first error ends the run: one line on stderr, exit 1, no output.
// (The expected separators are spelled `{{//}} -----`: like xdsl-opt, nnpipe-opt splits
// at every occurrence of the marker, even inside a comment.)
// RUN: not nnpipe-opt %s --split-input-file 2>&1 | filecheck %s --check-prefix=ERR

// DIAG:      func.func @first
// DIAG-NEXT:   %y = nn.relu %x : tensor<4xf32>
// DIAG:      {{//}} -----
// DIAG-NEXT: {{.*}}split-input-file.mlir:28:3: error: 'nn.reshape' op result %y has 5 elements [5], input %x has 4 [2, 2]: a reshape keeps the element count
// DIAG-NEXT: {{//}} -----
// DIAG:      func.func @third
// DIAG-NEXT:   %y = nn.transpose %x {permutation = array<i64: 1, 0>}

// ERR:      {{^.*}}split-input-file.mlir:28:3: error: 'nn.reshape' op result %y has 5 elements [5], input %x has 4 [2, 2]: a reshape keeps the element count
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
