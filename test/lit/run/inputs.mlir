// nnpipe-run's inputs: a note names the inputs it made up; an archive without any of
// the inputs is an error that names them; a .npy serves a function of one input;
// --entry picks the function; outputs are written only when the whole run succeeds.
// RUN: nnpipe-run %s --entry single 2>&1 | filecheck %s --check-prefix=NOTE
// RUN: %python -c "import numpy as np; np.savez('%t.empty.npz'); np.save('%t.x.npy', np.ones(4, np.float32))"
// RUN: not nnpipe-run %s --entry single --inputs %t.empty.npz 2>&1 | filecheck %s --check-prefix=EMPTY
// RUN: nnpipe-run %s --entry single --inputs %t.x.npy 2>&1 | filecheck %s --check-prefix=NPY
// RUN: not nnpipe-run %s --entry pair --inputs %t.x.npy 2>&1 | filecheck %s --check-prefix=NPY2
// RUN: not nnpipe-run %s --entry nope 2>&1 | filecheck %s --check-prefix=ENTRY
// RUN: not nnpipe-run %s 2>&1 | filecheck %s --check-prefix=NOMAIN
// RUN: not nnpipe-run %s --entry single --outputs %t.o.npz --report-json %t.no/such/r.json 2>&1 | filecheck %s --check-prefix=ALL
// RUN: not test -e %t.o.npz
// RUN: not nnpipe-run %s --entry single --seed -1 2>&1 | filecheck %s --check-prefix=SEED
// RUN: not nnpipe-run %S/../opt/resources.mlir 2>&1 | filecheck %s --check-prefix=BLOB

func.func @single(%x: tensor<4xf32> {nn.name = "x"}) -> tensor<4xf32> {
  %y = nn.relu %x : tensor<4xf32>
  func.return %y : tensor<4xf32>
}

func.func @pair(%a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<4xf32> {
  %y = nn.add %a, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  func.return %y : tensor<4xf32>
}

// NOTE:      nnpipe-run: note: random inputs (seed 0) for x
// NOTE-NEXT: result0: shape=[4] dtype=float32

// EMPTY:     inputs.mlir.tmp.empty.npz: error: the archive holds no arrays; the function takes x
// NPY-NOT:   note
// NPY:       result0: shape=[4] dtype=float32 sum=4 absmax=1
// NPY2:      error: a .npy file holds one array, but there are 2 inputs (arg0, arg1): use a .npz archive keyed by name
// ENTRY:     error: no function @nope with a body to run; the module has: @single, @pair
// NOMAIN:    error: no @main and several functions (@single, @pair): cannot pick an entry function
// ALL:       error: cannot write file: No such file or directory
// SEED:      nnpipe-run: error: argument --seed: expected a non-negative integer, got -1
// BLOB:      resources.mlir:{{[0-9]+}}:{{[0-9]+}}: error:
