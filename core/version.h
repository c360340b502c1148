// Engine version: one place, read by the C API, the JSON output and rule-pack
// compatibility checks. Bump together with capi/include/exemplar/exemplar.h.
#pragma once

namespace exemplar {
constexpr int kVersionMajor = 0;
constexpr int kVersionMinor = 3;
constexpr int kVersionPatch = 0;
constexpr const char* kVersionString = "0.3.0";
}  // namespace exemplar
