"""Tools for rubric authors: describe checks, generate the schema, explain, scaffold and test rubrics."""
