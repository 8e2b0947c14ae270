"""Reports for readers, editors and CI: text, Markdown, JSON, CSV, line and GitHub formats, and the
HTML pages, of scored articles, comparisons and outlet reports."""
