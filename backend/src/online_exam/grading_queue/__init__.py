"""The grading queue: answers a person grades (essays) or overrides, per exam."""
