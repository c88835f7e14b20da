"""Question banks in and out: GIFT and Aiken import, a lossless JSON format, GIFT export,
results export (CSV/JSON) and item statistics for an exam's authors.

Parsers (gift.py, aiken.py, portable.py) are pure: text in, a `ParseResult` out (questions in
the shape of the exams API's QuestionIn, each with its line number, plus what was skipped, warned
about or wrong). importer.py validates them with the exams schemas and saves them through the
exams services; statistics.py and results_export.py read attempts in a fixed number of queries.
"""
