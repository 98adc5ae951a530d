"""grader: grades course homework written as GitHub markdown against YAML rubrics."""

__version__ = "0.1.0"
