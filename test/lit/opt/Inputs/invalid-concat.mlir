// An nn.concat whose result type does not add up (used by ../stdin.mlir and
// ../output-file.mlir).

func.func @main(%a: tensor<2xf32>, %b: tensor<3xf32>) -> tensor<6xf32> {
  %y = nn.concat %a, %b {axis = 0 : i64} : (tensor<2xf32>, tensor<3xf32>) -> tensor<6xf32>
  func.return %y : tensor<6xf32>
}
