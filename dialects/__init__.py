"""IR dialects of nnpipe: the tensor-level `nn` dialect (the pipe and hw levels build on it)."""
