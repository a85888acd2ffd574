/* fuzz_auto.c: libFuzzer target for load_tree() with LOAD_AUTO */
#define FUZZ_FORMAT LOAD_AUTO
#include "load_target.h"
