#!/usr/bin/env python3
"""Tests of the ABI guard itself: each edit of the real header that breaks or
extends the ABI must fail without the right version bump and pass with it.

  test_check_abi.py HEADER EXPORTS BASELINE CMAKELISTS
"""
import os
import re
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_abi  # noqa: E402

HEADER = EXPORTS = BASELINE = CMAKE = None


def bump(header, cmake, version):
    major, minor, patch = version
    header = re.sub(r"(#define EXEMPLAR_VERSION_MAJOR )\d+", r"\g<1>%d" % major, header)
    header = re.sub(r"(#define EXEMPLAR_VERSION_MINOR )\d+", r"\g<1>%d" % minor, header)
    header = re.sub(r"(#define EXEMPLAR_VERSION_PATCH )\d+", r"\g<1>%d" % patch, header)
    header = re.sub(r'(#define EXEMPLAR_VERSION_STRING )"[^"]*"', r'\1"%d.%d.%d"' % version, header)
    cmake = re.sub(r"(project\(exemplar VERSION )[\d.]+", r"\g<1>%d.%d.%d" % version, cmake)
    return header, cmake


def grow_moment(header):
    """exemplar_moment gains a field at its end, its _INIT a zero (not _VERSION)."""
    header = edit(header, "} exemplar_moment;\n", "  int story;\n} exemplar_moment;\n")
    init = re.search(r"#define EXEMPLAR_MOMENT_INIT \{[^}]*\}", header).group(0)
    return edit(header, init, init[:-1] + ", 0}")


def raise_moment_version(header):
    """EXEMPLAR_MOMENT_VERSION goes up by one, whatever it is now."""
    return re.sub(r"(#define EXEMPLAR_MOMENT_VERSION )(\d+)", lambda m: m.group(1) + str(int(m.group(2)) + 1), header)


def edit(text, old, new):
    assert old in text, "test setup: %r not in the header" % old
    return text.replace(old, new, 1)


class AbiGuard(unittest.TestCase):
    def setUp(self):
        self.base_version = check_abi.read_baseline(BASELINE)[0]
        self.minor = (self.base_version[0], self.base_version[1] + 1, 0)
        self.major = (self.base_version[0] + 1, 0, 0)
        self.patch = self.base_version[:2] + (self.base_version[2] + 1,)

    def run_guard(self, header, exports=None, cmake=None):
        ok, report, _, _ = check_abi.check(header, exports if exports is not None else EXPORTS, BASELINE,
                                           cmake if cmake is not None else CMAKE)
        return ok, "\n".join(report)

    def assert_fails(self, header, exports=None, cmake=None, needs="minor"):
        ok, report = self.run_guard(header, exports, cmake)
        self.assertFalse(ok, report)
        self.assertIn(needs, report)

    def assert_passes(self, header, exports=None, cmake=None):
        ok, report = self.run_guard(header, exports, cmake)
        self.assertTrue(ok, report)

    def test_current_header_matches_baseline(self):
        self.assert_passes(HEADER)

    def test_patch_bump_alone_is_fine(self):
        h, c = bump(HEADER, CMAKE, self.patch)
        self.assert_passes(h, cmake=c)

    def test_header_and_cmake_must_agree(self):
        header, _ = bump(HEADER, CMAKE, self.minor)
        ok, report = self.run_guard(header)
        self.assertFalse(ok)
        self.assertIn("CMakeLists.txt", report)

    def test_version_string_must_match_macros(self):
        header = re.sub(r'(#define EXEMPLAR_VERSION_STRING )"[^"]*"', r'\1"9.9.9"', HEADER)
        with self.assertRaises(ValueError):
            self.run_guard(header)

    def test_new_function_needs_minor_bump(self):
        header = edit(HEADER, "EXEMPLAR_API void exemplar_result_free(",
                      "EXEMPLAR_API int exemplar_result_flags(const exemplar_result *r);\n"
                      "EXEMPLAR_API void exemplar_result_free(")
        exports = EXPORTS + "exemplar_result_flags\n"
        self.assert_fails(header, exports, needs="minor version bump")
        h, c = bump(header, CMAKE, self.patch)
        self.assert_fails(h, exports, c, needs="minor version bump")
        h, c = bump(header, CMAKE, self.minor)
        self.assert_passes(h, exports, c)

    def test_removed_function_needs_major_bump(self):
        header = re.sub(r"EXEMPLAR_API size_t exemplar_result_kind_count\([^;]*;\n", "", HEADER)
        exports = EXPORTS.replace("exemplar_result_kind_count\n", "")
        h, c = bump(header, CMAKE, self.minor)
        self.assert_fails(h, exports, c, needs="major version bump")
        h, c = bump(header, CMAKE, self.major)
        self.assert_passes(h, exports, c)

    def test_symbol_dropped_from_exports_needs_major_bump(self):
        exports = EXPORTS.replace("exemplar_result_text\n", "")
        self.assert_fails(HEADER, exports, needs="major version bump")

    def test_changed_signature_needs_major_bump(self):
        header = edit(HEADER, "EXEMPLAR_API const char *exemplar_result_kind(const exemplar_result *result, size_t index)",
                      "EXEMPLAR_API const char *exemplar_result_kind(const exemplar_result *result, unsigned index)")
        h, c = bump(header, CMAKE, self.minor)
        self.assert_fails(h, cmake=c, needs="major version bump")

    def test_renamed_parameter_is_not_a_change(self):
        header = edit(HEADER, "exemplar_result_kind(const exemplar_result *result, size_t index)",
                      "exemplar_result_kind(const exemplar_result *res, size_t i)")
        self.assert_passes(header)

    def test_changed_status_code_needs_major_bump(self):
        header = re.sub(r"EXEMPLAR_ERR_IO = \d+", "EXEMPLAR_ERR_IO = 99", HEADER)
        h, c = bump(header, CMAKE, self.minor)
        self.assert_fails(h, cmake=c, needs="major version bump")

    def test_new_status_code_needs_minor_bump(self):
        header = edit(HEADER, "EXEMPLAR_ERR_INTERNAL = 13", "EXEMPLAR_ERR_INTERNAL = 13,\n  EXEMPLAR_ERR_BUSY = 14")
        self.assert_fails(header, needs="minor version bump")
        h, c = bump(header, CMAKE, self.minor)
        self.assert_passes(h, cmake=c)

    def test_versioned_struct_may_grow_at_its_end_with_minor_bump(self):
        header = raise_moment_version(grow_moment(HEADER))
        self.assert_fails(header, needs="minor version bump")
        h, c = bump(header, CMAKE, self.minor)
        self.assert_passes(h, cmake=c)

    def test_grown_struct_needs_its_version_raised(self):
        # Without EXEMPLAR_MOMENT_VERSION going up, the library would write
        # the new field past the end of an old caller's struct.
        h, c = bump(grow_moment(HEADER), CMAKE, self.minor)
        self.assert_fails(h, cmake=c, needs="major version bump")

    def test_grown_struct_init_may_only_be_extended(self):
        # Growing the options struct is fine; changing a default on the way is not.
        header = edit(HEADER, "  size_t max_note_bytes;     /* 0: no limit */\n",
                      "  size_t max_note_bytes;     /* 0: no limit */\n  int flags;\n")
        header = edit(header, "#define EXEMPLAR_ANALYZE_OPTIONS_VERSION 1", "#define EXEMPLAR_ANALYZE_OPTIONS_VERSION 2")
        extended = edit(header, "{EXEMPLAR_ANALYZE_OPTIONS_VERSION, 0, 1, 0}", "{EXEMPLAR_ANALYZE_OPTIONS_VERSION, 0, 1, 0, 0}")
        h, c = bump(extended, CMAKE, self.minor)
        self.assert_passes(h, cmake=c)
        changed = edit(header, "{EXEMPLAR_ANALYZE_OPTIONS_VERSION, 0, 1, 0}", "{EXEMPLAR_ANALYZE_OPTIONS_VERSION, 0, 0, 0, 0}")
        h, c = bump(changed, CMAKE, self.minor)
        self.assert_fails(h, cmake=c, needs="major version bump")

    def test_moving_a_stable_item_into_experimental_does_not_cheapen_changes(self):
        decl = "EXEMPLAR_API const char *exemplar_result_category(const exemplar_result *result, double *score);\n"
        header = edit(HEADER, decl, "")
        header = edit(header, "#define EXEMPLAR_CONTEXT_VERSION 1",
                      decl.replace("double *score", "float *score") + "\n#define EXEMPLAR_CONTEXT_VERSION 1")
        h, c = bump(header, CMAKE, self.minor)
        self.assert_fails(h, cmake=c, needs="major version bump")

    def test_version_number_formula_is_part_of_the_abi(self):
        header = re.sub(r"EXEMPLAR_VERSION_MAJOR \* 10000", "EXEMPLAR_VERSION_MAJOR * 1000000", HEADER)
        self.assertNotEqual(header, HEADER)
        h, c = bump(header, CMAKE, self.minor)
        self.assert_fails(h, cmake=c, needs="major version bump")

    def test_reordered_struct_fields_need_major_bump(self):
        header = edit(HEADER, "  int replace_invalid_utf8;  /* nonzero: repair with U+FFFD instead of failing */\n"
                      "  int include_snippets;      /* zero: no note text in the JSON (ids, offsets only) */\n",
                      "  int include_snippets;\n  int replace_invalid_utf8;\n")
        h, c = bump(header, CMAKE, self.minor)
        self.assert_fails(h, cmake=c, needs="major version bump")

    def test_changed_init_macro_needs_major_bump(self):
        header = edit(HEADER, "{EXEMPLAR_ANALYZE_OPTIONS_VERSION, 0, 1, 0}", "{EXEMPLAR_ANALYZE_OPTIONS_VERSION, 0, 0, 0}")
        h, c = bump(header, CMAKE, self.minor)
        self.assert_fails(h, cmake=c, needs="major version bump")

    def test_experimental_section_may_change_in_minor_release(self):
        header = re.sub(r"size_t start,\s*size_t end, exemplar_context \*out\)",
                        "size_t start, size_t end, int flags, exemplar_context *out)", HEADER)
        self.assertNotEqual(header, HEADER)
        self.assert_fails(header, needs="minor version bump")
        h, c = bump(header, CMAKE, self.minor)
        self.assert_passes(h, cmake=c)

    def test_version_cannot_go_back(self):
        major, minor, patch = self.base_version
        self.assertNotEqual(self.base_version, (0, 0, 0), "a baseline of 0.0.0 has nothing older")
        older = (major, minor, patch - 1) if patch else (major, minor - 1, 99) if minor else (major - 1, 99, 0)
        h, c = bump(HEADER, CMAKE, older)
        ok, report = self.run_guard(h, cmake=c)
        self.assertFalse(ok)
        self.assertIn("older than the baseline", report)


if __name__ == "__main__":
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    paths = sys.argv[1:5]
    HEADER, EXPORTS, CMAKE = (open(p, encoding="utf-8").read() for p in (paths[0], paths[1], paths[3]))
    BASELINE = paths[2]
    unittest.main(argv=sys.argv[:1] + sys.argv[5:], verbosity=2)
