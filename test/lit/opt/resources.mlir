// Every way a weight blob can be broken is one located error, from nnpipe-opt and
// nnpipe-run alike (test/lit/run/inputs.mlir), before any pass runs: a blob's shape is checked where the section
// is read, its size against its type and its digits where the constant is verified.
// RUN: nnpipe-opt %s --split-input-file --verify-diagnostics | filecheck %s

// CHECK: resources.mlir:[[# @LINE + 2]]:3: error: 'arith.constant' op dense_resource<short> holds 4 bytes, but tensor<2xf32> needs 8
func.func @main() -> tensor<2xf32> {
  %c = arith.constant dense_resource<short> : tensor<2xf32>
  func.return %c : tensor<2xf32>
}
{-#
  dialect_resources: {
    builtin: {
      short: "0x040000000000803f"
    }
  }
#-}

// -----

// CHECK: resources.mlir:[[# @LINE + 2]]:3: error: 'arith.constant' op dense_resource<absent> has no blob in the file's dialect_resources section
func.func @main() -> tensor<2xf32> {
  %c = arith.constant dense_resource<absent> : tensor<2xf32>
  func.return %c : tensor<2xf32>
}

// -----

// CHECK: resources.mlir:[[# @LINE + 2]]:3: error: 'arith.constant' op dense_resource<nothex>: the blob is not hex
func.func @main() -> tensor<2xf32> {
  %c = arith.constant dense_resource<nothex> : tensor<2xf32>
  func.return %c : tensor<2xf32>
}
{-#
  dialect_resources: {
    builtin: {
      nothex: "0x040000000000803fzz00803f"
    }
  }
#-}

// -----

// CHECK: resources.mlir:[[# @LINE + 8]]:12: error: resource 'odd': the blob has 17 hex digits, an odd count (two per byte)
func.func @main() -> tensor<2xf32> {
  %c = arith.constant dense_resource<odd> : tensor<2xf32>
  func.return %c : tensor<2xf32>
}
{-#
  dialect_resources: {
    builtin: {
      odd: "0x040000000000803f0"
    }
  }
#-}

// -----

// CHECK: resources.mlir:[[# @LINE + 9]]:7: error: resource key 'twice' appears twice in the builtin resources; keys must be unique
func.func @main() -> tensor<1xf32> {
  %c = arith.constant dense_resource<twice> : tensor<1xf32>
  func.return %c : tensor<1xf32>
}
{-#
  dialect_resources: {
    builtin: {
      twice: "0x040000000000803f",
      twice: "0x0400000000000040"
    }
  }
#-}

// -----

// CHECK: resources.mlir:[[# @LINE + 8]]:17: error: resource 'noheader': the blob has no 4-byte alignment header (a blob is 0x, the alignment, then the data)
func.func @main() -> tensor<0xf32> {
  %c = arith.constant dense_resource<noheader> : tensor<0xf32>
  func.return %c : tensor<0xf32>
}
{-#
  dialect_resources: {
    builtin: {
      noheader: "0x0400"
    }
  }
#-}

// -----

// A file cut off inside a blob: an error at the blob, at once (xDSL 0.74's lexer
// backtracked exponentially here).
// CHECK: resources.mlir:[[# @LINE + 8]]:12: error: End of file reached before closing string literal.
func.func @main() -> tensor<2xf32> {
  %c = arith.constant dense_resource<cut> : tensor<2xf32>
  func.return %c : tensor<2xf32>
}
{-#
  dialect_resources: {
    builtin: {
      cut: "0x0400000000008
