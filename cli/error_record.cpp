#include "error_record.h"

#include "json_writer.h"

namespace exemplar::cli {

std::string error_record(const std::string* id, const std::string& code, const std::string& message) {
  std::string out;
  JsonWriter w(&out);
  w.begin_object();
  w.key("id");
  if (id) w.string(*id);
  else w.null();
  w.key("error");
  w.begin_object();
  w.key("code");
  w.string(code);
  w.key("message");
  w.string(message);
  w.end_object();
  w.end_object();
  return out;
}

}  // namespace exemplar::cli
