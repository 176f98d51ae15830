"""Import every built-in rule kind so that each registers itself."""
from . import (context, gazetteer, lexicon, names, patterns, statistics,  # noqa: F401
               structure, tokens)
