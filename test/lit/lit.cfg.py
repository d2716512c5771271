# lit configuration: `lit test/lit` runs every .mlir file's RUN lines with the
# project's tools (nnpipe-opt, nnpipe-run, filecheck) from the active environment.
import os
import sys

import lit.formats

config.name = "nnpipe"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".mlir"]
config.excludes = ["Inputs", "lit.cfg.py"]
config.test_source_root = os.path.dirname(__file__)
bin_dir = os.path.dirname(sys.executable)
config.environment["PATH"] = os.pathsep.join([bin_dir, os.environ.get("PATH", "")])
config.substitutions.append(("%python", sys.executable))
