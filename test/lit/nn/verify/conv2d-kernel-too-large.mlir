// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// A kernel larger than the padded input leaves no output.

func.func @main(%x: tensor<1x8x8x4xf32>, %w: tensor<8x3x3x4xf32>) -> tensor<1x0x0x8xf32> {
  %y = nn.conv2d %x, %w {dilations = array<i64: 4, 4>} : (tensor<1x8x8x4xf32>, tensor<8x3x3x4xf32>) -> tensor<1x0x0x8xf32>
  func.return %y : tensor<1x0x0x8xf32>
}

// CHECK: {{.*}}/verify/conv2d-kernel-too-large.mlir:6:3: error: 'nn.conv2d' op kernel 3x3 (dilations [4, 4]) does not fit input %x [1, 8, 8, 4] with padding [0, 0, 0, 0]: output would be [1, 0, 0, 8]
