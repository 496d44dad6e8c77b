import sys

from newslit.cli import main

sys.exit(main())
