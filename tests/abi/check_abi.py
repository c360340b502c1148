#!/usr/bin/env python3
"""ABI guard: the public C API may only change together with a version bump.

Compares the declarations of capi/include/exemplar/exemplar.h and the symbol
list capi/exemplar.exports with the baseline capi/exemplar.abi (the ABI of the
last release) and fails when they differ in a way the version does not allow:

  * an addition (new function, symbol, type, enum member or macro; a versioned
    struct that grows at its end) needs at least a minor bump;
  * anything else (a removal, a changed signature, a reordered or retyped
    field, a changed status code or macro) breaks programs built against the
    old header and needs a major bump, which also changes the SOVERSION.

It also checks that the header's version macros agree with each other and with
the project version in CMakeLists.txt, and that the version never goes back.

  check_abi.py --header H --exports E --baseline B [--cmake CMakeLists.txt]
  check_abi.py ... --update    rewrite the baseline (do this when releasing)
"""
import argparse
import re
import sys

# Macros that describe the header itself rather than the interface.
_IGNORED_MACROS = re.compile(r"^(EXEMPLAR_EXEMPLAR_H|EXEMPLAR_API|EXEMPLAR_VERSION_(?:MAJOR|MINOR|PATCH|STRING))$")


def _strip_comments(text):
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    return re.sub(r"//[^\n]*", " ", text)


def _norm(s):
    s = re.sub(r"\s+", " ", s).strip()
    return re.sub(r"\s*([*(),;{}=\[\]])\s*", r"\1", s)


def _version_macros(text):
    found = {}
    for name in ("MAJOR", "MINOR", "PATCH"):
        m = re.search(r"#\s*define\s+EXEMPLAR_VERSION_%s\s+(\d+)" % name, text)
        if not m:
            raise ValueError("EXEMPLAR_VERSION_%s is not defined in the header" % name)
        found[name] = int(m.group(1))
    version = (found["MAJOR"], found["MINOR"], found["PATCH"])
    m = re.search(r'#\s*define\s+EXEMPLAR_VERSION_STRING\s+"([^"]*)"', text)
    if not m:
        raise ValueError("EXEMPLAR_VERSION_STRING is not defined in the header")
    if m.group(1) != "%d.%d.%d" % version:
        raise ValueError("EXEMPLAR_VERSION_STRING \"%s\" disagrees with EXEMPLAR_VERSION_MAJOR/MINOR/PATCH %d.%d.%d"
                         % ((m.group(1),) + version))
    return version


def _fields(body):
    """'unsigned version; size_t start, end;' -> ['unsigned version', 'size_t start', 'size_t end']"""
    out = []
    for stmt in filter(None, (_norm(s) for s in body.split(";"))):
        parts = [p.strip() for p in stmt.split(",")]
        m = re.match(r"^(.*?[\s*]+)(\w+(?:\[\w*\])?)$", parts[0])
        if not m:
            out.append(stmt)
            continue
        base = re.sub(r"\*+$", "", m.group(1)).strip()
        out.append(_norm(parts[0]))
        for p in parts[1:]:
            out.append(_norm(base + " " + p))
    return out


def _param_type(param):
    """'const char*text' -> 'const char*': a parameter's name is not ABI."""
    m = re.match(r"^(.*?[ *])(\w+)$", param)
    return _norm(m.group(1)) if m and m.group(1).strip() else _norm(param)


def parse_header(text):
    """-> ({item key: description}, {keys declared in EXPERIMENTAL sections}).

    The header is divided into sections by '/* ---- name */' comments; items
    of a section whose name says EXPERIMENTAL may change in a minor release."""
    items, experimental = {}, set()
    chunks = re.split(r"(?m)^/\* -{3,}\s*(.*?)\s*\*/[ \t]*$", text)
    # chunks: [before first section, name1, body1, name2, body2, ...]
    for i in range(0, len(chunks), 2):
        name = chunks[i - 1] if i else ""
        found = _parse_chunk(chunks[i])
        items.update(found)
        if "EXPERIMENTAL" in name:
            experimental.update(found)
    return items, experimental


def _parse_chunk(text):
    """Returns {item key: description} for everything this part declares."""
    text = _strip_comments(text.replace("\\\n", " "))
    items = {}
    body_lines = []
    skip_depth = 0  # inside #ifdef __cplusplus (extern "C" braces)
    depth = 0
    for line in text.split("\n"):
        d = line.strip()
        if d.startswith("#"):
            directive = _norm(d[1:])
            if skip_depth:
                if directive.startswith("if"):
                    skip_depth += 1
                elif directive.startswith("endif"):
                    skip_depth -= 1
                continue
            if directive.startswith("ifdef __cplusplus"):
                skip_depth = 1
                continue
            m = re.match(r"define\s+(\w+)(\([^)]*\))?\s*(.*)$", directive)
            if m and not _IGNORED_MACROS.match(m.group(1)):
                items["macro " + m.group(1)] = _norm((m.group(2) or "") + " " + m.group(3))
            continue
        if not skip_depth:
            body_lines.append(line)
    body = " ".join(body_lines)
    stmt, stmts = "", []
    for ch in body:
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        if ch == ";" and depth == 0:
            stmts.append(_norm(stmt))
            stmt = ""
        else:
            stmt += ch
    if _norm(stmt):
        raise ValueError("unterminated declaration at the end of the header: " + _norm(stmt)[:80])
    for s in filter(None, stmts):
        m = re.match(r"^typedef (struct|enum) (\w+)\{(.*)\}(\w+)$", s)
        if m:
            kind, _, inner, name = m.groups()
            if kind == "struct":
                items["struct " + name] = "; ".join(_fields(inner))
            else:
                members = [_norm(x) for x in inner.split(",") if _norm(x)]
                for member in members:
                    k, _, v = member.partition("=")
                    items["enum %s %s" % (name, k)] = v
                items["enum " + name] = "%d members" % len(members)
            continue
        m = re.match(r"^typedef struct (\w+) (\w+)$", s)
        if m:
            items["opaque " + m.group(2)] = "struct " + m.group(1)
            continue
        m = re.match(r"^EXEMPLAR_API (.*?)(\w+)\((.*)\)$", s)
        if m:
            items["function " + m.group(2)] = _norm(m.group(1)) + "(" + ",".join(map(_param_type, m.group(3).split(","))) + ")"
            continue
        items["declaration " + s] = ""
    return items


def parse_exports(text):
    return {"symbol " + line.strip(): "" for line in text.splitlines() if line.strip()}


def read_baseline(path):
    """-> (version, items, experimental keys)"""
    version, items, experimental = None, {}, set()
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            if line.startswith("version "):
                version = tuple(int(x) for x in line.split()[1].split("."))
                continue
            if line.startswith("experimental "):
                experimental.add(line[len("experimental "):])
                continue
            key, sep, value = line.partition(" = ")
            if not sep and not line.startswith("symbol "):
                raise ValueError("%s:%d: expected 'KEY = VALUE'" % (path, n))
            items[key] = value
    if version is None:
        raise ValueError("%s: no 'version' line" % path)
    return version, items, experimental


def write_baseline(path, version, items, experimental):
    with open(path, "w", encoding="utf-8") as f:
        f.write("# The public ABI of the last release: declarations of exemplar.h and the\n")
        f.write("# symbols of capi/exemplar.exports. The ABI test compares the current ones\n")
        f.write("# with this file; rewrite it with tests/abi/check_abi.py --update when a\n")
        f.write("# release changes the ABI (after bumping the version in the header and in\n")
        f.write("# CMakeLists.txt).\n")
        f.write("version %d.%d.%d\n" % version)
        for key in sorted(items):
            f.write(key + "\n" if key.startswith("symbol ") else "%s = %s\n" % (key, items[key]))
        for key in sorted(experimental):
            f.write("experimental %s\n" % key)


def _struct_extended(old, new):
    """A versioned struct may grow at its end (callers set .version)."""
    o, n = old.split("; "), new.split("; ")
    return len(n) > len(o) and n[:len(o)] == o and o[0].startswith("unsigned version")


def _macro_for(struct, suffix):
    """exemplar_analyze_options -> EXEMPLAR_ANALYZE_OPTIONS_<suffix>"""
    return "macro %s_%s" % (struct.upper(), suffix)


def _init_extended(old, new):
    """'{V,0,1,0}' -> '{V,0,1,0,0}': the old initialiser is a prefix of the new."""
    o, n = old.strip("{}").split(","), new.strip("{}").split(",")
    return len(n) > len(o) and n[:len(o)] == o


def _int(v):
    try:
        return int(v)
    except ValueError:
        return None


def classify(old, new, experimental=frozenset()):
    """-> (additions, breaking): lists of human-readable change descriptions.

    `experimental`: the baseline's EXPERIMENTAL items; changing or removing
    one counts as an addition (a minor bump). Moving a stable item into the
    EXPERIMENTAL section does not make changing it cheap."""
    additions = []
    breaking = []  # (key, description): the key decides whether it is experimental
    handled = set()
    for key in sorted(set(old) & set(new)):
        if old[key] == new[key] or not key.startswith("struct "):
            continue
        name = key.split()[1]
        if not _struct_extended(old[key], new[key]):
            continue
        # A struct may grow at its end only with its _VERSION raised (the
        # library reads .version to know how much of the caller's struct
        # exists) and its _INIT extended, not changed.
        handled.add(key)
        ver, init = _macro_for(name, "VERSION"), _macro_for(name, "INIT")
        ov, nv = _int(old.get(ver, "")), _int(new.get(ver, ""))
        if ov is None or nv is None or nv <= ov:
            breaking.append((key, "%s grew but %s did not go up (%s -> %s)"
                             % (key, ver.split()[1], old.get(ver), new.get(ver))))
            continue
        handled.add(ver)
        additions.append("%s grew at its end: %s; %s %s -> %s" % (key, new[key], ver.split()[1], ov, nv))
        if init in old and init in new and old[init] != new[init]:
            handled.add(init)
            if _init_extended(old[init], new[init]):
                additions.append("%s extended: '%s' -> '%s'" % (init, old[init], new[init]))
            else:
                breaking.append((init, "%s changed, not only extended: '%s' -> '%s'" % (init, old[init], new[init])))
    for key in sorted(set(old) & set(new)):
        if old[key] == new[key] or key in handled:
            continue
        if key.startswith("enum ") and len(key.split()) == 2:
            continue  # the member count; the members themselves are compared
        breaking.append((key, "%s changed: '%s' -> '%s'" % (key, old[key], new[key])))
    for key in sorted(set(new) - set(old)):
        additions.append("added %s" % key)
    for key in sorted(set(old) - set(new)):
        breaking.append((key, "removed %s" % key))
    # A symbol is experimental when its function is.
    exp = set(experimental) | {"symbol " + k.split()[1] for k in experimental if k.startswith("function ")}
    additions += ["(experimental) " + text for key, text in breaking if key in exp]
    return additions, [text for key, text in breaking if key not in exp]


def check(header_text, exports_text, baseline_path, cmake_text=None):
    """-> (ok, report lines, current version, current items)"""
    report = []
    version = _version_macros(header_text)
    if cmake_text is not None:
        m = re.search(r"project\s*\(\s*exemplar\s+VERSION\s+(\d+)\.(\d+)\.(\d+)", cmake_text)
        if not m:
            raise ValueError("CMakeLists.txt: no 'project(exemplar VERSION x.y.z'")
        if tuple(int(x) for x in m.groups()) != version:
            report.append("FAIL: the header says %d.%d.%d but CMakeLists.txt's project() says %s.%s.%s"
                          % (version + m.groups()))
            return False, report, version, None
    items, _ = parse_header(header_text)
    items.update(parse_exports(exports_text))
    base_version, base_items, base_experimental = read_baseline(baseline_path)
    additions, breaking = classify(base_items, items, base_experimental)
    fmt = lambda v: "%d.%d.%d" % v
    ok = True
    if version < base_version:
        report.append("FAIL: version %s is older than the baseline's %s" % (fmt(version), fmt(base_version)))
        ok = False
    for c in breaking:
        report.append("  breaking: " + c)
    for c in additions:
        report.append("  addition: " + c)
    if breaking and version[0] <= base_version[0]:
        report.append("FAIL: incompatible ABI change without a major version bump (baseline %s, header %s); "
                      "bump EXEMPLAR_VERSION_MAJOR and project(VERSION) (the SOVERSION follows), or undo the change"
                      % (fmt(base_version), fmt(version)))
        ok = False
    elif additions and version[:2] <= base_version[:2]:
        report.append("FAIL: ABI additions without a minor version bump (baseline %s, header %s); "
                      "bump EXEMPLAR_VERSION_MINOR and project(VERSION)" % (fmt(base_version), fmt(version)))
        ok = False
    if ok:
        if breaking or additions:
            report.append("OK: the ABI changed and the version was bumped from %s to %s; run "
                          "tests/abi/check_abi.py --update at release" % (fmt(base_version), fmt(version)))
        else:
            report.append("OK: the ABI matches the %s baseline (%d declarations and symbols)"
                          % (fmt(base_version), len(items)))
    return ok, report, version, items


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--header", required=True)
    ap.add_argument("--exports", required=True)
    ap.add_argument("--baseline", required=True)
    ap.add_argument("--cmake")
    ap.add_argument("--update", action="store_true", help="rewrite the baseline from the current header")
    a = ap.parse_args()
    try:
        header = open(a.header, encoding="utf-8").read()
        exports = open(a.exports, encoding="utf-8").read()
        cmake = open(a.cmake, encoding="utf-8").read() if a.cmake else None
        if a.update:
            items, experimental = parse_header(header)
            items.update(parse_exports(exports))
            write_baseline(a.baseline, _version_macros(header), items, experimental)
            print("wrote %s (%d entries)" % (a.baseline, len(items)))
            return 0
        ok, report, _, _ = check(header, exports, a.baseline, cmake)
    except (OSError, ValueError) as e:
        print("FAIL: %s" % e, file=sys.stderr)
        return 2
    print("\n".join(report))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
