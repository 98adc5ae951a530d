"""Getting a submission's files: from a local folder, and (for batches) from git hosts."""
