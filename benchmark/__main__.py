"""``python -m benchmark``: run the benchmark harness (what ``make bench`` does).

Only when run: importing this module (a test that imports every module of the apps does) must
not start the benchmark.
"""

import sys

from benchmark.harness import main

if __name__ == "__main__":
    sys.exit(main())
