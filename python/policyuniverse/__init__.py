"""Clean-room subset of `policyuniverse`'s documented API (ARN parsing, policy analysis).

Written from the library's public README for Panther content that imports it; action expansion
and minimization (which need AWS's full action list) are not provided.
"""
