// RUN: nnpipe-opt %s | filecheck %s
// RUN: nnpipe-opt %s --print-op-generic | nnpipe-opt - | filecheck %s
// RUN: nnpipe-opt %s --print-op-generic | filecheck %s --check-prefix=GENERIC

// Round trip of nn.cast: `: T to U`, float and integer element types.

// f32 to f16.
// CHECK-LABEL: func.func @narrow
// CHECK-NEXT:    %y = nn.cast %x : tensor<1x4x4x8xf32> to tensor<1x4x4x8xf16>
// CHECK-NEXT:    func.return %y
// GENERIC:       %y = "nn.cast"(%x) : (tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf16>
func.func @narrow(%x: tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf16> {
  %y = nn.cast %x : tensor<1x4x4x8xf32> to tensor<1x4x4x8xf16>
  func.return %y : tensor<1x4x4x8xf16>
}

// f32 to bf16.
// CHECK-LABEL: func.func @bf16
// CHECK-NEXT:    %y = nn.cast %x : tensor<3xf32> to tensor<3xbf16>
// CHECK-NEXT:    func.return %y
func.func @bf16(%x: tensor<3xf32>) -> tensor<3xbf16> {
  %y = nn.cast %x : tensor<3xf32> to tensor<3xbf16>
  func.return %y : tensor<3xbf16>
}

// f16 to f64.
// CHECK-LABEL: func.func @widen
// CHECK-NEXT:    %y = nn.cast %x : tensor<2x2xf16> to tensor<2x2xf64>
// CHECK-NEXT:    func.return %y
func.func @widen(%x: tensor<2x2xf16>) -> tensor<2x2xf64> {
  %y = nn.cast %x : tensor<2x2xf16> to tensor<2x2xf64>
  func.return %y : tensor<2x2xf64>
}

// i64 to i32 (indices).
// CHECK-LABEL: func.func @index
// CHECK-NEXT:    %y = nn.cast %x : tensor<5xi64> to tensor<5xi32>
// CHECK-NEXT:    func.return %y
func.func @index(%x: tensor<5xi64>) -> tensor<5xi32> {
  %y = nn.cast %x : tensor<5xi64> to tensor<5xi32>
  func.return %y : tensor<5xi32>
}
