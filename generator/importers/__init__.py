"""`scholarsite import`: fetch a researcher's records from scholarly APIs into seeds/<source>.yaml.

The only part of scholarsite that uses the network; `build` reads the files it writes, offline.
"""
