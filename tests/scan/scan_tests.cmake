# `exemplar scan` end-to-end tests (tests/scan/scan_tests.py), one ctest test
# each, labelled "scan": ctest -L scan, or ctest -R scan. They read the shared
# casenotes archive beside the source tree and fail with a clear message when
# it is missing.
if(TARGET exemplar_cli)
  find_package(Python3 COMPONENTS Interpreter REQUIRED)
  set(_scan_casenotes ${CMAKE_SOURCE_DIR}/../shared/external/casenotes/synthetic-case-notes.csv)
  foreach(_t casenotes mimic_csv gzip directory broken deep_records fields threads shards stream_filter no_snippets html_offline
             resume_kill9 resume_checks exit_codes)
    add_test(NAME scan.${_t}
             COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/scan_tests.py
                     --exe $<TARGET_FILE:exemplar_cli> --casenotes ${_scan_casenotes}
                     --work ${CMAKE_CURRENT_BINARY_DIR}/scan_work/${_t} ${_t})
    set_tests_properties(scan.${_t} PROPERTIES LABELS scan TIMEOUT 600)
  endforeach()
endif()
