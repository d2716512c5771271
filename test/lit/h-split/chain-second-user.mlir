// RUN: nnpipe-opt %s -p 'h-split{tiles=2 chains=true}' --pass-statistics 2>&1 | filecheck %s
// RUN: nnpipe-run %s --seed 6 --outputs %t.nn.npz
// RUN: nnpipe-opt %s -p 'h-split{tiles=2 chains=true},lower-to-hw' | nnpipe-run - --seed 6 --compare %t.nn.npz --tolerance 1e-6 | filecheck %s --check-prefix=CMP

// The relu's result has a second user (it is returned): it must reach global memory,
// so the chain ends there. conv -> relu is one group; the max-pool stays outside
// (lower-to-hw gives it a kernel of its own).

func.func @second_user(%x: tensor<1x8x4x4xf32>, %w: tensor<4x3x3x4xf32>) -> (tensor<1x4x2x4xf32>, tensor<1x8x4x4xf32>) {
  %c = nn.conv2d %x, %w {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x8x4x4xf32>, tensor<4x3x3x4xf32>) -> tensor<1x8x4x4xf32>
  %r = nn.relu %c : tensor<1x8x4x4xf32>
  %p = nn.max_pool %r {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>} : (tensor<1x8x4x4xf32>) -> tensor<1x4x2x4xf32>
  func.return %p, %r : tensor<1x4x2x4xf32>, tensor<1x8x4x4xf32>
}

// CHECK: %r = pipe.pipeline "chain" along h tiles 2 (%input = %x, %weight0 = %w) : (tensor<1x8x4x4xf32>, tensor<4x3x3x4xf32>) -> tensor<1x8x4x4xf32> computes {
// CHECK-NEXT: %c = nn.conv2d %input, %weight0 {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x8x4x4xf32>, tensor<4x3x3x4xf32>) -> tensor<1x8x4x4xf32>
// CHECK-NEXT: %r_1 = nn.relu %c : tensor<1x8x4x4xf32>
// CHECK-NEXT: pipe.yield %r_1 : tensor<1x8x4x4xf32>
// CHECK: %p = nn.max_pool %r {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>} : (tensor<1x8x4x4xf32>) -> tensor<1x4x2x4xf32>
// CHECK-NEXT: func.return %p, %r : tensor<1x4x2x4xf32>, tensor<1x8x4x4xf32>
// CHECK: (S) 1 chains-built
// CHECK-NEXT: (S) 2 chain-members

// CMP: result0: max relative error {{.*}} (tolerance 1e-06)
// CMP: result1: max relative error {{.*}} (tolerance 1e-06)
