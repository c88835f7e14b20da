"""A course's teachers on exam day: accommodations, the live view, actions on attempts."""
