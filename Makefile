# motcua - build, run and test. GNU Make + pkg-config.
#   make            release build: bin/motcua
#   make run        install missing packages, build, create the demo database, serve :8080
#   make test       install missing packages, build (release + ASan/UBSan + fuzzers), run every test
#   make fuzz       the libFuzzer targets of tests/fuzz (clang, ASan+UBSan): build/fuzz/fuzz_*
#   make bench      benchmarks (see bench/README.md)

# The first rule below is a library's: without this, `make` would build only that.
.DEFAULT_GOAL := all

PKGS    := libmicrohttpd jansson sqlite3 libsodium libutf8proc libqrencode xlsxwriter zlib libpq libcurl harfbuzz-subset
CC      ?= cc
WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wformat=2 -Wno-format-nonliteral -Wvla
INCS    := $(patsubst %,-Isrc/%,core store domain sync render net api web http cli)
CFLAGS_COMMON = -std=c17 -D_GNU_SOURCE -pthread $(WARN) $(INCS) \
                $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LIBS    := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm -pthread
TESTLIBS = $(shell pkg-config --libs cmocka 2>/dev/null)

# Two build flavours share the sources: release (asserts stay on) and asan.
REL_FLAGS  := -O2 -g
ASAN_FLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all

LIB_SRC  := $(filter-out src/cli/main.c,$(wildcard src/*/*.c))
MAIN_SRC := src/cli/main.c
UNIT_SRC := $(wildcard tests/unit/*/test_*.c)

define flavour
$(1)_OBJ  := $$(patsubst src/%.c,build/$(1)/obj/%.o,$$(LIB_SRC))
$(1)_LIB  := build/$(1)/libmotcua.a
$(1)_BIN  := build/$(1)/motcua
$(1)_TESTS := $$(patsubst tests/unit/%.c,build/$(1)/unit/%,$$(UNIT_SRC))

build/$(1)/obj/%.o: src/%.c
	@mkdir -p $$(dir $$@)
	@echo "CC $(1) $$<"
	@$$(CC) $$(CFLAGS_COMMON) $(2) -MMD -MP -c $$< -o $$@

$$($(1)_LIB): $$($(1)_OBJ)
	@rm -f $$@
	@ar rcs $$@ $$^

$$($(1)_BIN): $(MAIN_SRC) $$($(1)_LIB) $$(wildcard src/*/*.h src/*/*.def)
	@echo "LD $(1) $$@"
	@$$(CC) $$(CFLAGS_COMMON) $(2) $$< $$($(1)_LIB) $$(LIBS) -o $$@

build/$(1)/unit/%: tests/unit/%.c $$($(1)_LIB) $$(wildcard tests/unit/*.h src/*/*.h src/*/*.def)
	@mkdir -p $$(dir $$@)
	@echo "LD $(1) $$@"
	@$$(CC) $$(CFLAGS_COMMON) -Itests/unit $(2) $$< $$($(1)_LIB) $$(TESTLIBS) $$(LIBS) -o $$@
endef

$(eval $(call flavour,release,$(REL_FLAGS)))
$(eval $(call flavour,asan,$(ASAN_FLAGS)))

# The fuzzers (tests/fuzz/fuzz_*.c): clang's libFuzzer with ASan+UBSan, the project's flags, the
# whole library built the same way (only what a target calls is linked in).
FUZZ_CC    ?= clang
FUZZ_FLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_SRC   := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BINS  := $(patsubst tests/fuzz/%.c,build/fuzz/%,$(FUZZ_SRC))
fuzz_OBJ   := $(patsubst src/%.c,build/fuzz/obj/%.o,$(LIB_SRC))

build/fuzz/obj/%.o: src/%.c
	@mkdir -p $(dir $@)
	@echo "CC fuzz $<"
	@$(FUZZ_CC) $(CFLAGS_COMMON) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c $< -o $@

build/fuzz/libmotcua.a: $(fuzz_OBJ)
	@rm -f $@
	@ar rcs $@ $^

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c build/fuzz/libmotcua.a $(wildcard src/*/*.h)
	@echo "LD fuzz $@"
	@$(FUZZ_CC) $(CFLAGS_COMMON) $(FUZZ_FLAGS) -fsanitize=fuzzer $< build/fuzz/libmotcua.a $(LIBS) -o $@

# Header (and store_queries.def) dependencies written by the compiler.
-include $(wildcard build/*/obj/*/*.d)

.PHONY: all deps run test test-citus unit-tests bench clean fmt fuzz build-tests
all: bin/motcua

bin/motcua: $(release_BIN)
	@mkdir -p bin
	@cp $< $@.tmp && mv -f $@.tmp $@

deps:
	@scripts/deps.sh

DB     ?= var/motcua.db
LISTEN ?= 127.0.0.1:8080

run: deps
	@$(MAKE) --no-print-directory all
	@scripts/run.sh "$(DB)" "$(LISTEN)"

build-tests: $(release_BIN) $(asan_BIN) $(release_TESTS) $(asan_TESTS) bin/motcua fuzz

fuzz: $(FUZZ_BINS)

test:
	@scripts/deps.sh --test
	@scripts/citus.sh build
	@$(MAKE) --no-print-directory build-tests
	@scripts/test.sh

# The whole API suite on a throwaway Citus cluster and tests/citus (issue 20), alone: Citus built first (once
# per machine, scripts/citus.sh build). make test runs them too, beside the rest.
test-citus:
	@scripts/deps.sh --test
	@scripts/citus.sh build
	@$(MAKE) --no-print-directory $(release_BIN) bin/motcua
	@MOTCUA_TEST_CITUS=1 MOTCUA_TEST_ONLY='^release (api-citus|citus) ' scripts/test.sh

bench: deps
	@$(MAKE) --no-print-directory all
	@bench/run.sh

clean:
	rm -rf build bin

fmt:
	clang-format -i src/*/*.[ch] tests/unit/*/*.c
