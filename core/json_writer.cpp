#include "json_writer.h"

#include <cmath>

namespace exemplar {

void append_json_string(std::string* out, std::string_view s) {
  static const char* hex = "0123456789abcdef";
  out->push_back('"');
  size_t run = 0;  // copy unescaped runs in one append
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out->append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\t': out->append("\\t"); break;
      default:
        out->append("\\u00");
        out->push_back(hex[c >> 4]);
        out->push_back(hex[c & 15]);
    }
  }
  out->append(s.data() + run, s.size() - run);
  out->push_back('"');
}

void JsonWriter::value_prefix() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!first_) out_->push_back(',');
  first_ = false;
}

void JsonWriter::key(std::string_view k) {
  value_prefix();
  append_json_string(out_, k);
  out_->push_back(':');
  after_key_ = true;
}

void JsonWriter::string(std::string_view s) {
  value_prefix();
  append_json_string(out_, s);
}

void JsonWriter::number3(double v) {
  value_prefix();
  if (!std::isfinite(v)) v = 0.0;
  const long long milli = std::llround(v * 1000.0);
  const bool neg = milli < 0;
  const unsigned long long m = static_cast<unsigned long long>(neg ? -milli : milli);
  if (neg) out_->push_back('-');
  out_->append(std::to_string(m / 1000));
  unsigned frac = static_cast<unsigned>(m % 1000);
  if (frac) {
    char digits[4] = {static_cast<char>('0' + frac / 100), static_cast<char>('0' + frac / 10 % 10),
                      static_cast<char>('0' + frac % 10), 0};
    int len = 3;
    while (len > 0 && digits[len - 1] == '0') --len;
    out_->push_back('.');
    out_->append(digits, len);
  }
}

}  // namespace exemplar
