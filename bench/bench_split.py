"""Benchmarks of the credit splits (sales_credit_split): filled in below."""

BENCHMARKS = []
