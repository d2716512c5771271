// RUN: nnpipe-opt %s --verify-diagnostics | filecheck %s --match-full-lines

// concat needs at least one input (generic form).

func.func @main() -> tensor<2xf32> {
  %y = "nn.concat"() <{axis = 0 : i64}> : () -> tensor<2xf32>
  func.return %y : tensor<2xf32>
}

// CHECK: {{.*}}/verify/concat-no-inputs.mlir:6:3: error: 'nn.concat' op expected at least one input
