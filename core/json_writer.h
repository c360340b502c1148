// A small streaming JSON writer. Output order is the order of the calls and
// numbers are printed with fixed rules, so equal analyses give equal bytes
// (a generic JSON library would sort keys or print doubles variably).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace exemplar {

class JsonWriter {
 public:
  explicit JsonWriter(std::string* out) : out_(out) {}

  void begin_object() { value_prefix(); out_->push_back('{'); first_ = true; }
  void end_object() { out_->push_back('}'); first_ = false; }
  void begin_array() { value_prefix(); out_->push_back('['); first_ = true; }
  void end_array() { out_->push_back(']'); first_ = false; }

  void key(std::string_view k);
  void string(std::string_view s);
  void boolean(bool b) { value_prefix(); out_->append(b ? "true" : "false"); }
  void null() { value_prefix(); out_->append("null"); }
  void integer(uint64_t v) { value_prefix(); out_->append(std::to_string(v)); }
  // Fixed three decimals, trailing zeros dropped ("0.9", "1", "0.125").
  void number3(double v);

 private:
  void value_prefix();
  std::string* out_;
  bool first_ = true;
  bool after_key_ = false;
};

// Appends `s` as a JSON string literal (with quotes) to `out`.
void append_json_string(std::string* out, std::string_view s);

}  // namespace exemplar
