"""Training and evaluating the sentence classifiers, and the accuracy benchmark against the
annotated data sets (scikit-learn and NumPy are imported here, never on the scoring path)."""
