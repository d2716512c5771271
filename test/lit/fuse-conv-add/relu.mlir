// RUN: nnpipe-opt %s --split-input-file -p fuse-conv-add | filecheck %s
// RUN: nnpipe-opt %s --split-input-file -p 'fuse-conv-add{fold-relu=false}' | filecheck %s --check-prefix=NORELU

// A relu that is the add's only user becomes the activation.
// CHECK-LABEL: func.func @relu_folds
// CHECK-NEXT:    %r = nn.conv_add %x, %w, %y, %b {activation = #nn.activation<relu>} :
// CHECK-NEXT:    func.return %r
// NORELU-LABEL: func.func @relu_folds
// NORELU-NEXT:    %s = nn.conv_add %x, %w, %y, %b :
// NORELU-NEXT:    %r = nn.relu %s
func.func @relu_folds(%x: tensor<1x4x4x2xf32>, %w: tensor<2x1x1x2xf32>, %b: tensor<2xf32>, %y: tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> {
  %c = nn.conv2d %x, %w, %b : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  %s = nn.add %c, %y : (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  %r = nn.relu %s : tensor<1x4x4x2xf32>
  func.return %r : tensor<1x4x4x2xf32>
}

// -----

// The add has two users (relu and the return): the sum before relu is still
// needed, so the relu stays.
// CHECK-LABEL: func.func @relu_add_two_users
// CHECK-NEXT:    %s = nn.conv_add %x, %w, %y :
// CHECK-NEXT:    %r = nn.relu %s
// CHECK-NEXT:    func.return %r, %s
func.func @relu_add_two_users(%x: tensor<1x4x4x2xf32>, %w: tensor<2x1x1x2xf32>, %y: tensor<1x4x4x2xf32>) -> (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) {
  %c = nn.conv2d %x, %w : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>) -> tensor<1x4x4x2xf32>
  %s = nn.add %c, %y : (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  %r = nn.relu %s : tensor<1x4x4x2xf32>
  func.return %r, %s : tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>
}

// -----

// Two relus of one add: neither folds.
// CHECK-LABEL: func.func @two_relus
// CHECK-NEXT:    %s = nn.conv_add %x, %w, %y :
// CHECK-NEXT:    %r1 = nn.relu %s
// CHECK-NEXT:    %r2 = nn.relu %s
func.func @two_relus(%x: tensor<1x4x4x2xf32>, %w: tensor<2x1x1x2xf32>, %y: tensor<1x4x4x2xf32>) -> (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) {
  %c = nn.conv2d %x, %w : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>) -> tensor<1x4x4x2xf32>
  %s = nn.add %c, %y : (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  %r1 = nn.relu %s : tensor<1x4x4x2xf32>
  %r2 = nn.relu %s : tensor<1x4x4x2xf32>
  func.return %r1, %r2 : tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>
}

// -----

// A relu directly after a conv (no add) is not this pass's business.
// CHECK-LABEL: func.func @relu_without_add
// CHECK-NEXT:    %c = nn.conv2d
// CHECK-NEXT:    %r = nn.relu %c
func.func @relu_without_add(%x: tensor<1x4x4x2xf32>, %w: tensor<2x1x1x2xf32>) -> tensor<1x4x4x2xf32> {
  %c = nn.conv2d %x, %w : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>) -> tensor<1x4x4x2xf32>
  %r = nn.relu %c : tensor<1x4x4x2xf32>
  func.return %r : tensor<1x4x4x2xf32>
}
