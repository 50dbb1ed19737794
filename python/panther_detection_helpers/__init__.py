"""Clean-room helpers Panther content imports (`panther_detection_helpers.caching`)."""
