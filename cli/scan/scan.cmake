# `exemplar scan`: batch and streaming scans of note archives. Included from
# cli/CMakeLists.txt; adds its sources and dependencies to exemplar_cli.
find_package(ZLIB REQUIRED)
find_package(Threads REQUIRED)
target_sources(exemplar_cli PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/../cmd_scan.cpp
  ${CMAKE_CURRENT_LIST_DIR}/byte_source.cpp
  ${CMAKE_CURRENT_LIST_DIR}/csv_output.cpp
  ${CMAKE_CURRENT_LIST_DIR}/csv_parser.cpp
  ${CMAKE_CURRENT_LIST_DIR}/csv_reader.cpp
  ${CMAKE_CURRENT_LIST_DIR}/dir_reader.cpp
  ${CMAKE_CURRENT_LIST_DIR}/jsonl_reader.cpp
  ${CMAKE_CURRENT_LIST_DIR}/output_writer.cpp
  ${CMAKE_CURRENT_LIST_DIR}/pipeline.cpp
  ${CMAKE_CURRENT_LIST_DIR}/progress.cpp
  ${CMAKE_CURRENT_LIST_DIR}/record_processor.cpp
  ${CMAKE_CURRENT_LIST_DIR}/record_reader.cpp
  ${CMAKE_CURRENT_LIST_DIR}/record_summary.cpp
  ${CMAKE_CURRENT_LIST_DIR}/resume.cpp
  ${CMAKE_CURRENT_LIST_DIR}/scan_stats.cpp
  ${CMAKE_CURRENT_LIST_DIR}/story_report.cpp)
# Sources under cli/scan/ include "scan/x.h" and the CLI's "common.h".
target_include_directories(exemplar_cli PRIVATE ${CMAKE_CURRENT_LIST_DIR}/..)
target_link_libraries(exemplar_cli PRIVATE nlohmann_json::nlohmann_json ZLIB::ZLIB Threads::Threads)
