# briefpack: build, run and test. `make run` and `make test` install the Debian
# packages they need first (apt-get, through sudo when not root).

PREFIX  ?= /usr/local
DESTDIR ?=
CC      ?= cc
BUILD   ?= build

PKGS     := libxml-2.0 libxslt libexslt gumbo pangocairo pangoft2 fontconfig cairo-pdf librsvg-2.0 zlib \
            harfbuzz harfbuzz-subset
WARNINGS := -Wall -Wextra -Wstrict-prototypes -Wmissing-prototypes -Wwrite-strings \
            -Wno-unused-parameter
CFLAGS   ?= -O2 -g
BP_CFLAGS := -std=c11 -D_GNU_SOURCE $(WARNINGS) -Isrc
ifeq ($(CI),true)
BP_CFLAGS += -Werror
endif
# SANITIZE=address,undefined builds with those sanitizers (make test does, in build/sanitize).
SANITIZE ?=
ifneq ($(SANITIZE),)
SAN_FLAGS := -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
endif
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lhyphen -lpthread -lm
ALL_CFLAGS  = $(BP_CFLAGS) $(CFLAGS) $(SAN_FLAGS) $(PKG_CFLAGS)
ALL_LDFLAGS = $(LDFLAGS) $(SAN_FLAGS)
SAN_ENV := ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
           LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
           UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

# Debian packages: to build and run, and in addition to test.
RUN_DEBS  := gcc make pkg-config libxml2-dev libxslt1-dev libcairo2-dev libpango1.0-dev \
             librsvg2-dev libhyphen-dev libharfbuzz-dev libgumbo-dev zlib1g-dev hyphen-en-gb fonts-liberation2 fonts-dejavu-core \
             colord-data
TEST_DEBS := libcmocka-dev libjansson-dev poppler-utils qpdf valgrind jq clang \
             libclang-rt-dev python3 chromium debootstrap woff2

LIB_SRC  := $(shell find src -name '*.c' ! -name main.c | sort)
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
INPUTS   := $(sort $(wildcard input/*.xml))

.PHONY: all run test test-binaries deps test-deps clean install bench fuzz fuzz-binaries

all: $(BUILD)/briefpack

run: deps $(BUILD)/briefpack
	$(BUILD)/briefpack build -o output -k briefing-pack,board-paper,newsletter,slides $(INPUTS)

# The suite runs twice: on the optimised build, then under AddressSanitizer and
# UndefinedBehaviorSanitizer (with LeakSanitizer) in $(BUILD)/sanitize.
test: deps test-deps
	@$(MAKE) --no-print-directory test-binaries
	tests/run-all.sh $(BUILD)
	@$(MAKE) --no-print-directory BUILD=$(BUILD)/sanitize SANITIZE=address,undefined \
		CFLAGS="-O1 -g" test-binaries
	$(SAN_ENV) tests/run-all.sh $(BUILD)/sanitize
	@$(MAKE) --no-print-directory fuzz-binaries
	tests/fuzz.sh $(FUZZ_DIR) $(FUZZ_CI_SECONDS)

test-binaries: all $(UNIT_BIN) $(BUILD)/tests/conformance

deps:
	@tests/ensure-debs.sh $(RUN_DEBS)
test-deps:
	@tests/ensure-debs.sh $(TEST_DEBS)

$(BUILD)/briefpack: $(BUILD)/src/main.o $(LIB_OBJ)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -MMD -MP -o $@ $(filter %.c %.o,$^) $(PKG_LIBS) -lcmocka

$(BUILD)/tests/conformance: tests/conformance/run.c $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -MMD -MP -o $@ $(filter %.c %.o,$^) $(PKG_LIBS) -ljansson

install: $(BUILD)/briefpack
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
		$(DESTDIR)$(PREFIX)/share/briefpack/stylesheets
	install -m 755 $(BUILD)/briefpack $(DESTDIR)$(PREFIX)/bin/briefpack
	install -m 644 src/briefpack.1 $(DESTDIR)$(PREFIX)/share/man/man1/briefpack.1
	install -m 644 stylesheets/* $(DESTDIR)$(PREFIX)/share/briefpack/stylesheets/

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD) -path $(BUILD)/debian13-root -prune -o -name '*.d' -print 2>/dev/null)

# make bench: briefpack beside WeasyPrint, Chromium, wkhtmltopdf and a Pango floor, on
# the same pages; writes tests/bench/RESULTS.md (see tests/bench/bench.py). The script
# installs the engines and tools it measures with. The floor links Pango and Cairo only.
FLOOR_PKGS := pangocairo cairo-pdf

bench: deps $(BUILD)/briefpack $(BUILD)/bench/floor
	tests/bench/bench.sh $(BUILD)

$(BUILD)/bench/floor: tests/bench/floor.c
	@mkdir -p $(dir $@)
	$(CC) $(BP_CFLAGS) $(CFLAGS) $(shell pkg-config --cflags $(FLOOR_PKGS)) $(LDFLAGS) \
		-o $@ $< $(shell pkg-config --libs $(FLOOR_PKGS))

# make fuzz: the libFuzzer harnesses of tests/fuzz/ (CSS, HTML render, programme build),
# built with clang and AddressSanitizer + UndefinedBehaviorSanitizer against the src
# objects in $(BUILD)/fuzz, each run for FUZZ_SECONDS on its corpus and dictionary
# (tests/fuzz.sh says where crashes go). make test runs each for FUZZ_CI_SECONDS.
FUZZ_CC         ?= clang
FUZZ_SECONDS    ?= 60
FUZZ_CI_SECONDS ?= 20
FUZZ_DIR   := $(BUILD)/fuzz
FUZZ_NAMES := css render programme pdfimport
FUZZ_SAN   := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
FUZZ_OBJ   := $(LIB_SRC:%.c=$(FUZZ_DIR)/%.o)
FUZZ_BIN   := $(FUZZ_NAMES:%=$(FUZZ_DIR)/fuzz_%)

fuzz: deps test-deps
	@$(MAKE) --no-print-directory fuzz-binaries
	tests/fuzz.sh $(FUZZ_DIR) $(FUZZ_SECONDS)

fuzz-binaries: $(FUZZ_BIN)

$(FUZZ_DIR)/src/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(BP_CFLAGS) -O1 -g $(FUZZ_SAN) -fsanitize=fuzzer-no-link $(PKG_CFLAGS) \
		-MMD -MP -c -o $@ $<

$(FUZZ_BIN): $(FUZZ_DIR)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(FUZZ_OBJ)
	$(FUZZ_CC) $(BP_CFLAGS) -O1 -g $(FUZZ_SAN) -fsanitize=fuzzer $(PKG_CFLAGS) \
		-DFUZZ_TOP='"$(CURDIR)"' -MMD -MP -o $@ $< $(FUZZ_OBJ) $(PKG_LIBS)
