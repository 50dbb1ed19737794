"""Caracal's Python detection runtime: the worker process and its helpers."""
