"""Courses: classes with teachers and a roster of students, the exams given to them, and the
accommodations (extra time, attempts, windows) some students are entitled to."""
