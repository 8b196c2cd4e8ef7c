"""Run inside a venv that has CKAN and ckanext-dcat: parse a DCAT catalog the way CKAN's harvester does.

Usage: python parse_catalog.py CATALOG.ttl → JSON on stdout: one object per dataset CKAN would create.
"""

import json
import sys

from ckanext.dcat.processors import RDFParser

parser = RDFParser(profiles=["euro_dcat_ap_3"])
with open(sys.argv[1], encoding="utf-8") as fh:
    parser.parse(fh.read(), _format="turtle")
out = []
for ds in parser.datasets():
    out.append(
        {
            "title": ds.get("title"),
            "notes": ds.get("notes"),
            "tags": sorted(t["name"] for t in ds.get("tags", [])),
            "extras": {e["key"]: e["value"] for e in ds.get("extras", [])},
            "resources": [
                {
                    k: r.get(k)
                    for k in (
                        "url",
                        "download_url",
                        "format",
                        "mimetype",
                        "size",
                        "hash",
                        "hash_algorithm",
                        "license",
                    )
                }
                for r in ds.get("resources", [])
            ],
        }
    )
json.dump(out, sys.stdout, ensure_ascii=False)
