"""``python -m benchmark``: run the benchmark harness (what ``make bench`` does)."""

import sys

from benchmark.harness import main

sys.exit(main())
