# Turns a file into a C++ source holding its bytes, so the default rule pack
# ships inside the library: -DINPUT=... -DOUTPUT=... -DSYMBOL=...
file(READ "${INPUT}" hex HEX)
string(LENGTH "${hex}" hex_len)
math(EXPR size "${hex_len} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)" "\\1\n" bytes "${bytes}")
file(WRITE "${OUTPUT}.tmp"
"// Generated from ${INPUT_NAME} by core/embed_file.cmake. Do not edit.\n#include <string_view>\n\nnamespace exemplar {\nnamespace {\nconst unsigned char kData[] = {\n${bytes}0};\n}  // namespace\n\nstd::string_view ${SYMBOL}() {\n  return std::string_view(reinterpret_cast<const char*>(kData), ${size});\n}\n\n}  // namespace exemplar\n")
file(RENAME "${OUTPUT}.tmp" "${OUTPUT}")
