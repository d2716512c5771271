// --pass-statistics prints what cast-hoist did, mlir-opt style, on stderr.
// RUN: nnpipe-opt %s -p cast-hoist --pass-statistics 2>&1 >/dev/null | filecheck %s

// CHECK:      ... Pass statistics report ...
// CHECK:      'builtin.module' Pipeline
// CHECK-NEXT:   cast-hoist
// CHECK-NEXT:     (S) 2 casts-moved        - Narrowing casts moved above a data-movement or order-preserving op
// CHECK-NEXT:     (S) 1 casts-merged       - Identical casts of one value merged into one
// CHECK-NEXT:     (S) 1 casts-cancelled    - Widen-then-narrow cast pairs removed
// CHECK-NEXT:     (S) 0 constants-narrowed - Casts of constants done at compile time
// CHECK-NEXT:     (S) 0 casts-folded       - Narrowing casts folded into a conv result type
// CHECK-NEXT:     (S) 0 ops-duplicated     - Ops duplicated to hoist past a mixed fan-out (allow-duplicate)

func.func @main(%x: tensor<2x4xf16>) -> (tensor<4x2xf16>, tensor<4x2xf16>) {
  %w = nn.cast %x : tensor<2x4xf16> to tensor<2x4xf32>
  %r = nn.relu %w : tensor<2x4xf32>
  %t = nn.transpose %r {permutation = array<i64: 1, 0>} : (tensor<2x4xf32>) -> tensor<4x2xf32>
  %a = nn.cast %t : tensor<4x2xf32> to tensor<4x2xf16>
  %b = nn.cast %t : tensor<4x2xf32> to tensor<4x2xf16>
  func.return %a, %b : tensor<4x2xf16>, tensor<4x2xf16>
}
