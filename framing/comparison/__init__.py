"""Comparing scored articles: one source against others on a story, corpus runs (threads or
Dask), and outlets across many stories with intervals."""
