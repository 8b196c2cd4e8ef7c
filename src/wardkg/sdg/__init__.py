"""SDG linking: propose UN SDG goals and targets for plan elements, with evidence, review and evaluation.

Modules, one job each: :mod:`analyzer` (SudachiPy lemmas), :mod:`lexicon` (the curated term table),
:mod:`scorer` (evidence → per-goal confidence), :mod:`linker` (RDF in, Web Annotations out),
:mod:`review` (the human review file), :mod:`evaluate` (the labelled development set and metrics).
"""
