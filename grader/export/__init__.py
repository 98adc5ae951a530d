"""Exports of a graded batch for the systems courses use: Gradescope, classroom50, Moodle, Stepik."""
