// RUN: nnpipe-opt %s | filecheck %s
// RUN: nnpipe-opt %s --print-op-generic | nnpipe-opt - | filecheck %s
// RUN: nnpipe-opt %s --print-op-generic | filecheck %s --check-prefix=GENERIC

// Round trip of nn.global_avg_pool: [n, h, w, c] -> [n, 1, 1, c].

// f32.
// CHECK-LABEL: func.func @nhwc
// CHECK-NEXT:    %y = nn.global_avg_pool %x : (tensor<2x7x5x3xf32>) -> tensor<2x1x1x3xf32>
// CHECK-NEXT:    func.return %y
// GENERIC:       %y = "nn.global_avg_pool"(%x) : (tensor<2x7x5x3xf32>) -> tensor<2x1x1x3xf32>
func.func @nhwc(%x: tensor<2x7x5x3xf32>) -> tensor<2x1x1x3xf32> {
  %y = nn.global_avg_pool %x : (tensor<2x7x5x3xf32>) -> tensor<2x1x1x3xf32>
  func.return %y : tensor<2x1x1x3xf32>
}
