# mentormatch - hand-written Makefile.
#   make            build ./mentormatch
#   make run        install missing packages (as root), build, open the example data
#   make test       build and run every test (unit, golden, terminal; and the
#                   public data sets when ../shared/data/public exists)
#   make test-public the profiles of tests/data/public-profiles on ../shared/data/public
#   make test-asan  the unit and golden tests under AddressSanitizer + UBSan
#   make bench      speed figures
#   make V=1        show the commands

CC       ?= cc
PKG_CONFIG ?= pkg-config
OPT      ?= -O2 -g
WARN     := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
            -Wcast-qual -Wwrite-strings -Wformat=2 -Wundef -Wpointer-arith \
            -Wno-format-nonliteral
STD      := -std=c11 -pedantic -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE
CPPFLAGS += -Iinclude -MMD -MP
CURSES_CFLAGS := $(filter-out -D_XOPEN_SOURCE% -D_DEFAULT_SOURCE,$(shell $(PKG_CONFIG) --cflags ncursesw 2>/dev/null))
CURSES_LIBS   := $(shell $(PKG_CONFIG) --libs ncursesw 2>/dev/null || echo -lncursesw)
INIH_LIBS     := $(shell $(PKG_CONFIG) --libs inih 2>/dev/null || echo -linih)
CMOCKA_LIBS   := $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null || echo -lcmocka)
CORE_LIBS     := $(INIH_LIBS) -lcsv -pthread

BUILD    ?= build
ALLCFLAGS = $(STD) $(WARN) $(OPT) $(CFLAGS)

ifeq ($(V),1)
Q :=
else
Q := @
endif

CORE_SRC := $(sort $(wildcard src/core/*.c))
UI_SRC   := $(sort $(wildcard src/ui/*.c))
TEST_SRC := $(sort $(wildcard tests/unit/test_*.c))
TOOL_SRC := $(sort $(wildcard tests/tools/*.c))
CORE_OBJ := $(CORE_SRC:%.c=$(BUILD)/%.o)
UI_OBJ   := $(UI_SRC:%.c=$(BUILD)/%.o)
MAIN_OBJ := $(BUILD)/src/main.o
TESTS    := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)
TOOLS    := $(TOOL_SRC:tests/tools/%.c=$(BUILD)/tools/%)

PROG     := mentormatch
EXAMPLE_MENTORS := tests/data/example/mentors.csv
EXAMPLE_MENTEES := tests/data/example/mentees.csv

.PHONY: all run deps test test-unit test-golden test-tui test-public test-asan bench check-layering clean example-large

all: $(PROG)

$(PROG): $(MAIN_OBJ) $(UI_OBJ) $(BUILD)/libmmcore.a
	@echo "  LINK    $@"
	$(Q)$(CC) $(ALLCFLAGS) $(LDFLAGS) -o $@ $(MAIN_OBJ) $(UI_OBJ) $(BUILD)/libmmcore.a $(CORE_LIBS) $(CURSES_LIBS)

$(BUILD)/libmmcore.a: $(CORE_OBJ)
	@echo "  AR      $@"
	$(Q)rm -f $@ && ar rcs $@ $^

# The core never sees curses; only src/ui gets its flags.
$(BUILD)/src/core/%.o: src/core/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(CPPFLAGS) $(ALLCFLAGS) -c -o $@ $<

$(BUILD)/src/ui/%.o: src/ui/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(CPPFLAGS) $(CURSES_CFLAGS) $(ALLCFLAGS) -c -o $@ $<

$(BUILD)/src/main.o: src/main.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(CPPFLAGS) $(ALLCFLAGS) -c -o $@ $<

# A test needing more libraries names them in test_NAME_LIBS.
test_bmatch_LIBS := -lglpk -lm
test_rules_LIBS := -lglpk -lm

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libmmcore.a
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(CPPFLAGS) $(ALLCFLAGS) -Itests/unit -o $@ $< $(BUILD)/libmmcore.a $(CORE_LIBS) $(CMOCKA_LIBS) $($*_LIBS)

$(BUILD)/tools/%: tests/tools/%.c $(BUILD)/libmmcore.a
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(CPPFLAGS) $(ALLCFLAGS) -o $@ $< $(BUILD)/libmmcore.a $(CORE_LIBS)

# ---- the two README commands ------------------------------------------------

DEB_PACKAGES := libncurses-dev libcsv-dev libinih-dev pkg-config
TEST_PACKAGES := libcmocka-dev tmux libglpk-dev

# Installs what is missing when root (or with sudo); otherwise prints the line.
deps:
	@sh tests/tools/ensure-deps.sh $(DEB_PACKAGES) $(if $(filter test,$(MAKECMDGOALS)),$(TEST_PACKAGES))

run: deps
	@$(MAKE) --no-print-directory $(PROG)
	./$(PROG) --profile config/civil-service.ini $(EXAMPLE_MENTORS) $(EXAMPLE_MENTEES)

# The public data sets live outside the repository (../shared/data/public);
# make test runs them only when they are there.
PUBLIC_DATA ?= ../shared/data/public

test: deps
	@$(MAKE) --no-print-directory test-unit test-golden test-tui $(if $(wildcard $(PUBLIC_DATA)),test-public)

test-unit: $(TESTS)
	@sh tests/run-unit.sh $(TESTS)

test-golden: $(PROG)
	@sh tests/golden.sh ./$(PROG)

test-tui: $(PROG)
	@sh tests/tui/run.sh ./$(PROG)

test-public: $(PROG)
	@sh tests/public.sh ./$(PROG) $(PUBLIC_DATA)

test-asan:
	@$(MAKE) --no-print-directory BUILD=build-asan PROG=build-asan/mentormatch \
		OPT="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
		build-asan/mentormatch test-unit
	@sh tests/golden.sh build-asan/mentormatch
	@sh tests/tui/run.sh build-asan/mentormatch

bench: $(PROG) $(TOOLS)
	@sh tests/bench.sh ./$(PROG) $(BUILD)/tools

example-large: $(TOOLS)
	$(BUILD)/tools/gen-sample --count 500 --seed 7 --out tests/data/example-large

# Fails if curses is included outside src/ui/.
check-layering:
	@if grep -rlE '#include\s*[<"](n?curses|ncursesw/)' src include | grep -v '^src/ui/' | grep -v 'include/mentormatch/ui_curses.h'; then \
		echo "curses included outside src/ui/ (above)"; exit 1; else echo "layering: ok"; fi

clean:
	rm -rf build build-asan $(PROG)

# ---- fuzzing (clang + libFuzzer): make fuzz [FUZZ_SECONDS=600] ---------------
# Compiles the core with clang -fsanitize=fuzzer-no-link,address,undefined into
# build-fuzz/ (the normal build is untouched), links each tests/fuzz/fuzz_*.c
# harness with it, and runs every harness at once for FUZZ_SECONDS, seeded from
# tests/data and config; new inputs and crashes stay in build-fuzz/ (see
# tests/fuzz/run.sh).  Found crashes belong in tests/data/fuzz-regressions/,
# which tests/unit/test_fuzz_regressions.c replays in `make test`.
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 600
FUZZ_BUILD   := build-fuzz
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS  := $(STD) $(WARN) -O1 -g $(FUZZ_SAN)
FUZZ_CORE_OBJ := $(CORE_SRC:%.c=$(FUZZ_BUILD)/%.o)
FUZZ_BINS    := $(patsubst tests/fuzz/%.c,$(FUZZ_BUILD)/%,$(wildcard tests/fuzz/fuzz_*.c))

.PHONY: fuzz fuzz-build
fuzz: fuzz-build
	@sh tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_BUILD) $(FUZZ_BINS)

fuzz-build: $(FUZZ_CORE_OBJ) $(FUZZ_BINS)

$(FUZZ_BUILD)/src/core/%.o: src/core/%.c
	@mkdir -p $(dir $@)
	@echo "  FUZZCC  $<"
	$(Q)$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_CORE_OBJ)
	@mkdir -p $(dir $@)
	@echo "  FUZZLD  $@"
	$(Q)$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_CORE_OBJ) $(CORE_LIBS)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
-include $(if $(filter fuzz fuzz-build,$(MAKECMDGOALS)),$(shell find $(FUZZ_BUILD) -name '*.d' 2>/dev/null))
