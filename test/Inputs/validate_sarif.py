#!/usr/bin/python3
"""Checks BodySanitizer's machine-readable reports and prints their gist.

usage: validate_sarif.py SCHEMA FILE.sarif...
       validate_sarif.py --json-lines FILE.jsonl...

SARIF mode validates each log against the SARIF 2.1.0 JSON schema (draft
2020-12, jsonschema's Draft202012Validator) and prints, per result,
  result: RULEID FILE:LINE:COLUMN fingerprint=FP count=N repeats=R uri=URI base=BASE
  suppression: LINE
with FILE the basename of the primary location. A missing schema or a missing
jsonschema module is an error (exit 2), never a silent pass: run it with the
system /usr/bin/python3, which has python3-jsonschema.

JSON-lines mode parses every line, checks the documented fields and prints
  json: ERROR KIND FILE:LINE:COLUMN roles=ROLE,ROLE fingerprint=FP count=N
        function=JSON file=JSON  (the acquisition site, ASCII-escaped)
"""

import json
import os
import sys

JSON_FIELDS = ("error", "kind", "kind_description", "rule", "message", "site",
               "event_site", "stacks", "fingerprint", "suppression", "pid", "count")
FRAME_FIELDS = ("function", "file", "line", "column", "module")


def fail(msg, code=1):
    sys.stderr.write("validate_sarif: %s\n" % msg)
    sys.exit(code)


def check_sarif(schema_path, paths):
    try:
        import jsonschema
    except ImportError as e:
        fail("cannot import jsonschema (%s): install python3-jsonschema and run "
             "this with /usr/bin/python3" % e, 2)
    if not os.path.exists(schema_path):
        fail("SARIF schema not found: %s (.ci/install-deps installs it)" % schema_path, 2)
    with open(schema_path) as f:
        schema = json.load(f)
    validator = jsonschema.Draft202012Validator(schema)
    for path in paths:
        with open(path) as f:
            log = json.load(f)
        errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
        for e in errors:
            sys.stderr.write("%s: %s at %s\n" % (path, e.message,
                                                  "/".join(map(str, e.path))))
        if errors:
            fail("%s: %d schema error(s)" % (path, len(errors)))
        if log.get("version") != "2.1.0" or len(log.get("runs", [])) != 1:
            fail("%s: expected version 2.1.0 and one run" % path)
        run = log["runs"][0]
        driver = run["tool"]["driver"]
        rules = [r["id"] for r in driver.get("rules", [])]
        print("sarif: %s version=%s rules=%d results=%d" % (
            driver["name"], driver.get("version"), len(rules), len(run["results"])))
        for base, value in sorted(run.get("originalUriBaseIds", {}).items()):
            print("base: %s=%s" % (base, value.get("uri")))
        for r in run["results"]:
            if rules[r["ruleIndex"]] != r["ruleId"]:
                fail("%s: ruleIndex does not name ruleId %s" % (path, r["ruleId"]))
            loc = r["locations"][0]["physicalLocation"]
            uri = loc["artifactLocation"]["uri"]
            region = loc.get("region", {})
            props = r.get("properties", {})
            print("result: %s %s:%s:%s fingerprint=%s count=%s repeats=%s uri=%s base=%s" % (
                r["ruleId"], os.path.basename(uri), region.get("startLine"),
                region.get("startColumn"), r["partialFingerprints"]["bodysan/v1"],
                props.get("count"), props.get("repeats"), uri,
                loc["artifactLocation"].get("uriBaseId")))
            for flow in r.get("codeFlows", []):
                for tf in flow["threadFlows"]:
                    frames = tf["locations"]
                    top = frames[0]["location"]
                    name = top.get("logicalLocations", [{}])[0].get("fullyQualifiedName")
                    region = top.get("physicalLocation", {}).get("region", {})
                    print("  flow: %s %d frames, #0 %s line %s" % (
                        tf.get("id"), len(frames), name, region.get("startLine")))
            print("suppression: %s" % props.get("suppression"))


def check_json_lines(paths):
    for path in paths:
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
        for n, line in enumerate(lines, 1):
            try:
                obj = json.loads(line)
            except ValueError as e:
                fail("%s:%d: not JSON: %s" % (path, n, e))
            missing = [k for k in JSON_FIELDS if k not in obj]
            if missing:
                fail("%s:%d: missing %s" % (path, n, ", ".join(missing)))
            for stack in obj["stacks"]:
                for frame in stack["frames"]:
                    missing = [k for k in FRAME_FIELDS if k not in frame]
                    if missing:
                        fail("%s:%d: a frame lacks %s" % (path, n, ", ".join(missing)))
            site = obj["site"] or {}
            print("json: %s %s %s:%s:%s roles=%s fingerprint=%s count=%s function=%s file=%s" % (
                obj["error"], obj["kind"], os.path.basename(site.get("file") or "?"),
                site.get("line"), site.get("column"),
                ",".join(s["role"] for s in obj["stacks"]), obj["fingerprint"],
                obj["count"], json.dumps(site.get("function")), json.dumps(site.get("file"))))
        print("json: %d lines" % len(lines))


def main(argv):
    if len(argv) >= 2 and argv[0] == "--json-lines":
        check_json_lines(argv[1:])
    elif len(argv) >= 2:
        check_sarif(argv[0], argv[1:])
    else:
        fail(__doc__.strip().splitlines()[2], 2)


if __name__ == "__main__":
    main(sys.argv[1:])
