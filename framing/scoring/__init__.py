"""Scoring one article: segmentation and voice, rule matching, attribution, sentence classifiers,
and the Scorer that puts them together. Built on the engine, the packs and the results types."""
