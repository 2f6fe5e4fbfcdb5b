"""Importing articles, and annotations made elsewhere, into a project.

`reading` detects a file's format and streams its records (through `formats/`), `checks`
checks each record completely, `writing` writes the valid ones in batches (COPY), `run` ties
the three into one transaction, and `jobs` records each import as an `ImportJob`. Nothing here
touches the task framework: `tasks.start_import` decides whether a job runs now or later."""

from ..formats.records import FileProblem, Problem
from .jobs import create_import_job, finish_job, record_file_job, run_import_job, runs_inline
from .reading import FORMATS, ImportRefused
from .run import ON_DUPLICATE, ImportOptions, ImportResult, run_import

__all__ = [
    "FORMATS",
    "ON_DUPLICATE",
    "FileProblem",
    "ImportOptions",
    "ImportRefused",
    "ImportResult",
    "Problem",
    "create_import_job",
    "finish_job",
    "record_file_job",
    "run_import",
    "run_import_job",
    "runs_inline",
]
