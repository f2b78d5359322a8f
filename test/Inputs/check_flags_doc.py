#!/usr/bin/env python3
"""Checks that a Markdown file documents every run-time flag, with its default.

usage: check_flags_doc.py FLAGS_INC DOC.md [DOC.md ...]

Reads the BODYSAN_FLAG(type, name, default, "description") list and, in each
document, the table rows of the form | `name` | type | `default` | ... |.
Prints one line per problem and exits 1 if there is any.
"""
import re
import sys


def flags(inc):
    text = "".join(l for l in open(inc) if not l.lstrip().startswith("//"))
    pat = re.compile(r'BODYSAN_FLAG\(\s*([^,]+?)\s*,\s*(\w+)\s*,\s*("[^"]*"|[^,]+?)\s*,')
    return {name: default.strip() for _, name, default in pat.findall(text)}


def documented(doc):
    rows = {}
    for line in open(doc):
        m = re.match(r'\|\s*`(\w+)`\s*\|\s*[^|]+\|\s*`([^`]*)`\s*\|', line)
        if m:
            rows[m.group(1)] = m.group(2)
    return rows


def main():
    want = flags(sys.argv[1])
    if not want:
        print("no flags found in %s" % sys.argv[1])
        return 1
    bad = 0
    for doc in sys.argv[2:]:
        have = documented(doc)
        for name, default in sorted(want.items()):
            if name not in have:
                print("%s: flag '%s' is not documented" % (doc, name))
                bad += 1
            elif have[name] != default:
                print("%s: flag '%s' documented with default %s, the code says %s"
                      % (doc, name, have[name], default))
                bad += 1
        for name in sorted(set(have) - set(want)):
            print("%s: documents '%s', which is not a flag" % (doc, name))
            bad += 1
    print("%d flags checked in %d documents, %d problems" % (len(want), len(sys.argv) - 2, bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
