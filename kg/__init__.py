"""kg: rule-based knowledge graphs from Chinese policy and news documents.

The pipeline, one module per stage:
read (corpus) -> segment -> extract -> resolve -> graph -> export / view / query.
"""
__version__ = "0.1.0"
