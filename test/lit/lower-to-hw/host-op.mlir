// RUN: nnpipe-opt %s -p lower-to-hw --pass-statistics 2>&1 | filecheck %s
// RUN: nnpipe-opt %s -p lower-to-hw | nnpipe-run - --report | filecheck %s --check-prefix=REPORT

// Ops no engine runs stay as they are, marked {hw.host} (Vela leaves them to the
// CPU): softmax and reshape, and an add that broadcasts (the add engine adds
// operands of one shape). The relu beside them runs on the add engine.

func.func @host(%x: tensor<1x4x4x8xf32>, %b: tensor<8xf32>) -> tensor<1x128xf32> {
  %r = nn.relu %x : tensor<1x4x4x8xf32>
  %s = nn.add %r, %b : (tensor<1x4x4x8xf32>, tensor<8xf32>) -> tensor<1x4x4x8xf32>
  %f = nn.reshape %s : (tensor<1x4x4x8xf32>) -> tensor<1x128xf32>
  %p = nn.softmax %f {axis = 1 : i64} : tensor<1x128xf32>
  func.return %p : tensor<1x128xf32>
}

// CHECK:      %r = hw.kernel "nn.relu" tiles 1
// CHECK:        hw.relu %in -> %out
// CHECK:      %s = nn.add %r, %b {hw.host} : (tensor<1x4x4x8xf32>, tensor<8xf32>) -> tensor<1x4x4x8xf32>
// CHECK-NEXT: %f = nn.reshape %s {hw.host} : (tensor<1x4x4x8xf32>) -> tensor<1x128xf32>
// CHECK-NEXT: %p = nn.softmax %f {hw.host, axis = 1 : i64} : tensor<1x128xf32>
// CHECK:      (S) 1 kernels
// CHECK:      (S) 3 host-ops

// REPORT: host ops {{ +}}3  nn.add x1, nn.reshape x1, nn.softmax x1
