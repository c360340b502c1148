#include <iostream>
#include <iterator>
#include "engine.h"
int main() {
  std::string text((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
  std::unique_ptr<exemplar::Engine> e;
  auto st = exemplar::Engine::create_default(&e);
  if (!st.ok()) { std::cerr << st.message << "\n"; return 2; }
  std::string out;
  st = e->analyze_json(text, {}, nullptr, &out);
  if (!st.ok()) { std::cerr << st.message << "\n"; return 1; }
  std::cout << out << "\n";
}
