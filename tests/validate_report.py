"""Validates JSON reports against the report JSON Schema.
usage: validate_report.py SCHEMA REPORT...  (exit 1 on the first invalid)"""
import json
import sys

import jsonschema

with open(sys.argv[1], encoding="utf-8") as f:
    schema = json.load(f)
cls = jsonschema.validators.validator_for(schema)
cls.check_schema(schema)
validator = cls(schema)
bad = 0
for path in sys.argv[2:]:
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
    for e in errors[:5]:
        print("%s: %s at %s" % (path, e.message, "/".join(map(str, e.path))))
    bad += bool(errors)
sys.exit(1 if bad else 0)
