/* fuzz_yaml.c: libFuzzer target for load_tree() with LOAD_YAML */
#define FUZZ_FORMAT LOAD_YAML
#include "load_target.h"
