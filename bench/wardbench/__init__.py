"""wardbench — the synthetic-municipality generator and the benchmark runner for wardkg (issue 9).

Not part of the installed package: it lives under bench/ and is run through ``bench/generate`` and
``bench/run`` (or ``make bench``), which put bench/ on ``sys.path``. It uses wardkg's own store
(:mod:`wardkg.store`), query runner (:mod:`wardkg.query`), validator (:mod:`wardkg.validate`) and
writers, so what it measures is what the product does.
"""
