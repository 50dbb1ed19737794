"""Compiles panther_core/_speedups.c for the interpreter running this script.

Run by `npm run build` for the default interpreter, and again by hand for another one:
`/path/to/python3 python/build_speedups.py`. Without a C compiler or Python's headers (Debian:
`python3-dev`) it explains what is missing and exits 0: detections then run on the pure-Python
event class, which behaves the same, only slower.
"""

import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.join(HERE, "panther_core", "_speedups.c")


def main():
    suffix = sysconfig.get_config_var("EXT_SUFFIX") or ".so"
    target = os.path.join(HERE, "panther_core", "_speedups" + suffix)
    include = sysconfig.get_paths()["include"]
    compiler = (sysconfig.get_config_var("CC") or "cc").split()[0]
    missing = []
    if shutil.which(compiler) is None:
        missing.append(f"a C compiler ({compiler})")
    if not os.path.exists(os.path.join(include, "Python.h")):
        missing.append(f"Python's headers ({include}/Python.h; Debian: apt-get install python3-dev)")
    if missing:
        print(
            f"python speedups not built for {sys.executable}: missing {' and '.join(missing)}. "
            "Python detections run on the pure-Python event class (same results, slower).",
            file=sys.stderr,
        )
        return 0
    # Built beside the target and renamed into place, so a running worker never loads half a file.
    fd, staged = tempfile.mkstemp(suffix=suffix, dir=os.path.dirname(target))
    os.close(fd)
    command = [compiler, "-O2", "-shared", "-fPIC", f"-I{include}", SOURCE, "-o", staged]
    try:
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            print(f"python speedups failed to compile:\n{result.stderr}", file=sys.stderr)
            return 0
        os.chmod(staged, 0o755)
        os.replace(staged, target)
    finally:
        if os.path.exists(staged):
            os.remove(staged)
    print(f"python speedups built for {sys.executable}: {os.path.relpath(target, HERE)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
