/* fuzz_json.c: libFuzzer target for load_tree() with LOAD_JSON */
#define FUZZ_FORMAT LOAD_JSON
#include "load_target.h"
