"""``wardkg serve``: a read-only SPARQL 1.1 endpoint and a bilingual web page over the embedded store.

Modules: :mod:`.app` (HTTP routes), :mod:`.guard` (read-only check on the parse tree), :mod:`.worker`
(queries in killable processes: time and size limits), :mod:`.formats` (media types, negotiation),
:mod:`.search`, :mod:`.element`, :mod:`.sdgpages`, :mod:`.querypages` (pages), :mod:`.html`, :mod:`.i18n`.
"""
