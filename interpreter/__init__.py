"""NumPy interpreter for nnpipe modules: xDSL `InterpreterFunctions` per dialect."""
