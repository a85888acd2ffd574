# directus-drift: POSIX-leaning Makefile (GNU make features: wildcard, filter)
#
#   make                      build ./directus-drift
#   make check                build and run every test (unit, e2e, corpus, man)
#   make check-live           integration tests against a real Directus
#   make DEVELOPER=1          -Werror and stricter warnings
#   make SANITIZE=address,undefined check
#   make install PREFIX=/usr DESTDIR=/tmp/pkg

VERSION     = 0.1.0
PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
MANDIR     ?= $(PREFIX)/share/man
DATADIR    ?= $(PREFIX)/share
BASHCOMPDIR ?= $(DATADIR)/bash-completion/completions
ZSHCOMPDIR ?= $(DATADIR)/zsh/site-functions
PKG_CONFIG ?= pkg-config
CC         ?= cc
CFLAGS     ?= -O2 -g

WARNFLAGS = -Wall -Wextra -Wstrict-prototypes -Wmissing-prototypes \
	-Wwrite-strings -Wold-style-definition -Wpointer-arith -Wshadow \
	-Wformat-security -Wvla -fno-common
ifeq ($(DEVELOPER),1)
WARNFLAGS += -Werror -Wformat=2 -Wundef -Wmissing-declarations \
	-Wredundant-decls -Wno-format-nonliteral
endif

ifneq ($(SANITIZE),)
SANFLAGS = -fsanitize=$(SANITIZE) -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
VARIANT  = $(notdir $(CC))-san
else
SANFLAGS =
VARIANT  = $(notdir $(CC))
endif

# libcurl is compiled against but not linked: src/curl_api.c loads it
# with dlopen() when a live source first needs it, so offline runs start
# without its 30-odd libraries (curl_api.h).
LIBS_PC  = yaml-0.1 jansson
DEP_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(LIBS_PC) libcurl 2>/dev/null)
DEP_LIBS   := $(shell $(PKG_CONFIG) --libs $(LIBS_PC) 2>/dev/null) -ldl
CMOCKA_CFLAGS := $(shell $(PKG_CONFIG) --cflags cmocka 2>/dev/null)
CMOCKA_LIBS   := $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null)

ALL_CFLAGS = $(CFLAGS) $(WARNFLAGS) $(SANFLAGS) -pthread -std=c11 -Iinclude \
	-DDRIFT_VERSION='"$(VERSION)"' $(DEP_CFLAGS) $(CPPFLAGS)
ALL_LDFLAGS = $(LDFLAGS) $(SANFLAGS) -pthread

B         = build/$(VARIANT)
LIB_SRC   = $(filter-out src/main.c,$(wildcard src/*.c))
LIB_OBJ   = $(LIB_SRC:src/%.c=$(B)/obj/%.o)
HEADERS   = $(wildcard include/drift/*.h)
UNIT_SRC  = $(wildcard tests/unit/test_*.c)
UNIT_BIN  = $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
TEST_HELPER_SRC = $(wildcard tests/unit/helpers/*.c)

.PHONY: all check check-unit check-e2e check-live lint clean install \
	uninstall demo deps bench fuzz fuzz-build

all: directus-drift

$(B)/obj/%.o: src/%.c $(HEADERS)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(B)/libdrift.a: $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $(LIB_OBJ)

$(B)/directus-drift: $(B)/obj/main.o $(B)/libdrift.a
	$(CC) $(ALL_LDFLAGS) -o $@ $(B)/obj/main.o $(B)/libdrift.a $(DEP_LIBS) -lm

directus-drift: $(B)/directus-drift
	cp $(B)/directus-drift $@

$(B)/tests/%: tests/unit/%.c $(TEST_HELPER_SRC) $(B)/libdrift.a $(HEADERS)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(CMOCKA_CFLAGS) -Itests/unit -o $@ $< \
		$(TEST_HELPER_SRC) $(ALL_LDFLAGS) $(B)/libdrift.a $(DEP_LIBS) \
		$(CMOCKA_LIBS) -lm

# Every test layer runs; tests/run-all.sh prints one summary line
# "check: N passed, N failed, N skipped" and fails when anything failed.
check: $(B)/directus-drift $(UNIT_BIN)
	DRIFT_BIN=$(CURDIR)/$(B)/directus-drift DRIFT_UNIT_DIR=$(B)/tests \
	    VALGRIND="$(VALGRIND)" sh tests/run-all.sh

check-unit: $(UNIT_BIN)
	DRIFT_UNIT_DIR=$(B)/tests DRIFT_ONLY=unit sh tests/run-all.sh

check-e2e: $(B)/directus-drift
	DRIFT_BIN=$(CURDIR)/$(B)/directus-drift DRIFT_ONLY=e2e \
	    VALGRIND="$(VALGRIND)" sh tests/run-all.sh

check-live: $(B)/directus-drift
	DRIFT_BIN=$(CURDIR)/$(B)/directus-drift bash tests/live/run.sh
	DRIFT_BIN=$(CURDIR)/$(B)/directus-drift bash tests/live/usage/run.sh

lint:
	mandoc -Tlint -Wwarning man/*.[1-9]

demo: directus-drift
	@sh scripts/demo.sh ./directus-drift

deps:
	sh scripts/install-deps.sh

# Performance side by side (never part of check); BENCH_SIZES, BENCH_RUNS:
# see bench/run.sh.
bench: directus-drift
	DRIFT_BIN=$(CURDIR)/directus-drift bash bench/run.sh
	sh bench/usage.sh

install: directus-drift
	mkdir -p "$(DESTDIR)$(BINDIR)" "$(DESTDIR)$(MANDIR)/man1" \
	    "$(DESTDIR)$(MANDIR)/man5"
	cp directus-drift "$(DESTDIR)$(BINDIR)/directus-drift"
	chmod 755 "$(DESTDIR)$(BINDIR)/directus-drift"
	cp man/directus-drift.1 "$(DESTDIR)$(MANDIR)/man1/directus-drift.1"
	chmod 644 "$(DESTDIR)$(MANDIR)/man1/directus-drift.1"
	cp man/directus-drift-config.5 \
	    "$(DESTDIR)$(MANDIR)/man5/directus-drift-config.5"
	chmod 644 "$(DESTDIR)$(MANDIR)/man5/directus-drift-config.5"
	mkdir -p "$(DESTDIR)$(BASHCOMPDIR)" "$(DESTDIR)$(ZSHCOMPDIR)"
	cp completions/directus-drift.bash \
	    "$(DESTDIR)$(BASHCOMPDIR)/directus-drift"
	chmod 644 "$(DESTDIR)$(BASHCOMPDIR)/directus-drift"
	cp completions/_directus-drift "$(DESTDIR)$(ZSHCOMPDIR)/_directus-drift"
	chmod 644 "$(DESTDIR)$(ZSHCOMPDIR)/_directus-drift"

uninstall:
	rm -f "$(DESTDIR)$(BINDIR)/directus-drift" \
	    "$(DESTDIR)$(MANDIR)/man1/directus-drift.1" \
	    "$(DESTDIR)$(MANDIR)/man5/directus-drift-config.5" \
	    "$(DESTDIR)$(BASHCOMPDIR)/directus-drift" \
	    "$(DESTDIR)$(ZSHCOMPDIR)/_directus-drift"

clean:
	rm -rf build directus-drift

# Fuzzing (libFuzzer, clang): make fuzz FUZZ_SECONDS=60
# Each target runs for FUZZ_SECONDS under ASan+UBSan with its seed corpus
# (fixtures/ and ../shared/corpus); crashes are saved under build/fuzz/.
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_FLAGS    = -g -O1 -fno-omit-frame-pointer \
	-fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_SRC      = $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BIN      = $(FUZZ_SRC:tests/fuzz/%.c=build/fuzz/%)
FUZZ_LIB_OBJ  = $(LIB_SRC:src/%.c=build/fuzz/obj/%.o)

build/fuzz/obj/%.o: src/%.c $(HEADERS)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link -pthread -std=c11 -Iinclude \
	    -DDRIFT_VERSION='"$(VERSION)"' $(DEP_CFLAGS) -c -o $@ $<

build/fuzz/%: tests/fuzz/%.c tests/fuzz/*.h $(FUZZ_LIB_OBJ)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_FLAGS) -fsanitize=fuzzer -pthread -std=c11 -Iinclude -Itests/fuzz \
	    $(DEP_CFLAGS) -o $@ $< $(FUZZ_LIB_OBJ) $(DEP_LIBS) -lm

fuzz-build: $(FUZZ_BIN)

fuzz: $(FUZZ_BIN)
	FUZZ_SECONDS=$(FUZZ_SECONDS) sh tests/fuzz/run.sh $(FUZZ_BIN)
