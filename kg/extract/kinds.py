"""Import every built-in rule kind so that each registers itself."""
from . import (context, foreign_names, gazetteer, lexicon, names, patterns, statistics,  # noqa: F401
               structure, tokens)
