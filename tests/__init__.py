"""Core test suite for scholarsite (tests/quality/ is a separate, browser-based suite).

This file makes `tests` a package so test modules can import the helpers in
`tests.conftest` unambiguously: tests/quality/ has a conftest.py of its own,
and two top-level modules named `conftest` would shadow each other.
"""
