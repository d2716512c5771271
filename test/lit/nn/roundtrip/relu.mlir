// RUN: nnpipe-opt %s | filecheck %s
// RUN: nnpipe-opt %s --print-op-generic | nnpipe-opt - | filecheck %s
// RUN: nnpipe-opt %s --print-op-generic | filecheck %s --check-prefix=GENERIC

// Round trip of nn.relu: one type for input and result.

// f32.
// CHECK-LABEL: func.func @f32
// CHECK-NEXT:    %y = nn.relu %x : tensor<1x4x4x8xf32>
// CHECK-NEXT:    func.return %y
// GENERIC:       %y = "nn.relu"(%x) : (tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
func.func @f32(%x: tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32> {
  %y = nn.relu %x : tensor<1x4x4x8xf32>
  func.return %y : tensor<1x4x4x8xf32>
}

// A 0-d f16 tensor.
// CHECK-LABEL: func.func @f16_rank0
// CHECK-NEXT:    %y = nn.relu %x : tensor<f16>
// CHECK-NEXT:    func.return %y
func.func @f16_rank0(%x: tensor<f16>) -> tensor<f16> {
  %y = nn.relu %x : tensor<f16>
  func.return %y : tensor<f16>
}
