// The gold corpus format of the labelling guide (MOMENTS.md): one JSON object
// per line with id, text, moments, category, evidence and why. Loading also
// validates every rule of the format, so the same code checks the corpus in
// the test suite and reads it for evaluation.
#pragma once
#include <array>
#include <string>
#include <vector>

#include "taxonomy.h"

namespace exemplar::cli {

struct GoldNote {
  std::string id;
  std::string text;
  std::array<bool, kMomentKindCount> kinds{};
  int category = -1;  // -1: null (no moment)
  std::array<std::vector<std::string>, kMomentKindCount> evidence;
  size_t line = 0;
};

// Reads `path`; every violation of the format goes to `problems` as
// "line N (id): what is wrong" (never quoting note or evidence text: the
// messages go to stderr). Notes with problems are left out.
bool load_gold(const std::string& path, std::vector<GoldNote>* notes, std::vector<std::string>* problems,
               std::string* io_error);

}  // namespace exemplar::cli
