"""Robustness and safety tests (issue 10): fuzzed readers, output safety, reproducible
builds, hostile input and big inputs. Helpers live in `tests.robustness.helpers`."""
