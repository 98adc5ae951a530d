"""Deliver graded feedback: to each student's repository (GitHub issues or commit comments) and to the
course chat (plain-text messages), rendered through Jinja2 templates an instructor may override.

Everything renders from the batch's gradebook.sqlite with the instructors' decisions applied
(grader.report.graded.build), and what was published is kept in the same file, so a publish that
was stopped resumes without duplicates and an unchanged re-run writes nothing.
"""
