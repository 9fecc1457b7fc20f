# sertel: one hand-written Makefile (see README.md).
PREFIX	?= /usr/local
BINDIR	?= $(PREFIX)/bin
DATADIR	?= $(PREFIX)/share/sertel
MANDIR	?= $(PREFIX)/share/man
CC	?= cc
CFLAGS	?= -O2 -g
PKGS	 = libxml-2.0 sqlite3 openssl json-c libarchive inih poppler-glib \
	   cairo lept tesseract libqrencode zbar freetype2 libjpeg
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
# libetpan: plain -letpan (its .pc injects a non-PIE specs file).
ETPAN_LIBS ?= -letpan

override CFLAGS += -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	-Iinclude -MMD -MP -Wall -Wextra -Wshadow -Wformat=2 \
	-Wstrict-prototypes -Wmissing-prototypes -Wno-unused-parameter \
	-DSERTEL_DATADIR='"$(DATADIR)"' $(PKG_CFLAGS)
# libharu has no .pc file.
LDLIBS	+= $(ETPAN_LIBS) $(PKG_LIBS) -lhpdf -lm

ifeq ($(SANITIZE),1)
override CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer
override LDFLAGS += -fsanitize=address,undefined
BUILD	?= build-san
endif
ifeq ($(WERROR),1)
override CFLAGS += -Werror
endif
BUILD	?= build

SRCS	:= $(wildcard pipeline/*.c)
OBJS	:= $(SRCS:pipeline/%.c=$(BUILD)/%.o)
# The command line (main.c, cmd_*.c) stays out of the test binaries.
LIBOBJS	:= $(filter-out $(BUILD)/main.o $(BUILD)/cmd_%.o,$(OBJS))

UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)

all: sertel

sertel: $(BUILD)/sertel
	cp $(BUILD)/sertel sertel.tmp && mv -f sertel.tmp sertel

$(BUILD)/sertel: $(OBJS)
	$(CC) $(LDFLAGS) -o $@ $(OBJS) $(LDLIBS)

$(BUILD)/%.o: pipeline/%.c | $(BUILD)
	$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD):
	mkdir -p $(BUILD)/tests

$(BUILD)/tests/test_%: tests/unit/test_%.c $(LIBOBJS) | $(BUILD)
	$(CC) $(CFLAGS) -o $@ $< $(LIBOBJS) $(LDFLAGS) $(LDLIBS) -lcmocka

# Compiled as OpenMP code, so that GCC's calls reach pipeline/omp_inline.c.
$(BUILD)/tests/test_omp_inline: CFLAGS += -fopenmp

# Fuzzing (clang's libFuzzer): tests/fuzz/fuzz_*.c, seeds in
# tests/fuzz/corpus/NAME/. `make fuzz FUZZ_SECONDS=N` runs each target N
# seconds; new inputs go to build-fuzz/corpus/. `make check` replays every
# seed with a plain driver (tests/fuzz/replay.c).
FUZZ_CC		?= clang
FUZZ_SECONDS	?= 60
FUZZ_BUILD	 = build-fuzz
FUZZ_SRCS	:= $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_NAMES	:= $(FUZZ_SRCS:tests/fuzz/%.c=%)
FUZZ_BINS	:= $(FUZZ_NAMES:%=$(FUZZ_BUILD)/%)
FUZZ_LIBOBJS	:= $(LIBOBJS:$(BUILD)/%=$(FUZZ_BUILD)/%)
FUZZ_FLAGS	 = -fsanitize=address,undefined -fno-omit-frame-pointer
REPLAY_BINS	:= $(FUZZ_NAMES:%=$(BUILD)/tests/replay_%)

$(FUZZ_BUILD)/%.o: pipeline/%.c
	@mkdir -p $(FUZZ_BUILD)
	$(FUZZ_CC) $(CFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_LIBOBJS)
	$(FUZZ_CC) $(CFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer -o $@ $< \
		$(FUZZ_LIBOBJS) $(LDLIBS)

$(BUILD)/tests/replay_%: tests/fuzz/%.c tests/fuzz/replay.c $(LIBOBJS) | $(BUILD)
	$(CC) $(CFLAGS) -o $@ $< tests/fuzz/replay.c $(LIBOBJS) $(LDFLAGS) \
		$(LDLIBS)

fuzz: deps $(FUZZ_BINS)
	@for t in $(FUZZ_NAMES); do \
		mkdir -p $(FUZZ_BUILD)/corpus/$$t $(FUZZ_BUILD)/crashes; \
		echo "fuzz: $$t for $(FUZZ_SECONDS) s"; \
		$(FUZZ_BUILD)/$$t -max_total_time=$(FUZZ_SECONDS) \
		    -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
		    -artifact_prefix=$(FUZZ_BUILD)/crashes/$$t- \
		    $(FUZZ_BUILD)/corpus/$$t tests/fuzz/corpus/$$t \
		    2>$(FUZZ_BUILD)/$$t.log || { tail -40 $(FUZZ_BUILD)/$$t.log; \
		    exit 1; }; \
		grep -E "stat::number_of_executed_units|cov:" \
		    $(FUZZ_BUILD)/$$t.log | tail -2; \
	done

# Install missing Debian packages (as root), then build.
deps:
	@sh scripts/deps.sh

demo: deps
	$(MAKE) sertel
	@sh scripts/demo.sh

check: deps
	$(MAKE) sertel $(UNIT_BINS) $(REPLAY_BINS)
	@sh tests/run.sh $(BUILD)

# The unit tests and seed replays under valgrind (memcheck, leaks).
check-valgrind: deps
	$(MAKE) $(UNIT_BINS) $(REPLAY_BINS)
	@VALGRIND=1 UNIT_ONLY=1 sh tests/run.sh $(BUILD)

headers:
	@for h in include/*.h; do \
		echo "#include \"$$(basename $$h)\"" | \
		$(CC) $(CFLAGS) -x c -fsyntax-only - || exit 1; \
	done; echo "headers: ok"

lint:
	@! grep -nE '\b(sprintf|strcpy|strcat|strtok|gets|atoi|alloca)\s*\(' \
		pipeline/*.c include/*.h || { echo "lint: banned call"; exit 1; }
	@echo "lint: ok"

samples:
	/usr/bin/python3 scripts/gen-samples.py

UNITDIR	?= $(PREFIX)/lib/systemd/system

install: sertel
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/templates \
		$(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
		$(DESTDIR)$(UNITDIR)
	install -m 0755 sertel $(DESTDIR)$(BINDIR)/sertel
	cp -R templates/. $(DESTDIR)$(DATADIR)/templates/
	install -m 0644 samples/sertel.conf $(DESTDIR)$(DATADIR)/sertel.conf.sample
	install -m 0644 samples/libur-2026.txt $(DESTDIR)$(DATADIR)/libur-2026.txt
	install -m 0644 scripts/man/sertel.1 $(DESTDIR)$(MANDIR)/man1/sertel.1
	install -m 0644 scripts/man/sertel.conf.5 \
		$(DESTDIR)$(MANDIR)/man5/sertel.conf.5
	sed 's|@BINDIR@|$(BINDIR)|' scripts/sertel.service \
		>$(DESTDIR)$(UNITDIR)/sertel.service

clean:
	rm -rf build build-san build-fuzz sertel

.PHONY: all sertel deps demo check check-valgrind headers lint samples install clean fuzz
-include $(OBJS:.o=.d)

# Benchmarks: numbers printed as ratios against a baseline in the same run.
bench-ktp: deps sertel
	/usr/bin/python3 scripts/bench_ktp.py $(BENCH_ARGS)

bench-mail: deps sertel
	/usr/bin/python3 scripts/bench_mail.py $(BENCH_ARGS)

bench-batch: deps sertel
	/usr/bin/python3 scripts/bench_batch.py $(BENCH_ARGS)

$(BUILD)/bench_letter: tests/bench/bench_letter.c $(LIBOBJS) | $(BUILD)
	$(CC) $(CFLAGS) -o $@ $< $(LIBOBJS) $(LDFLAGS) $(LDLIBS)

bench-letter: deps sertel $(BUILD)/bench_letter
	/usr/bin/python3 scripts/bench_letter.py $(BENCH_ARGS)

.PHONY: bench-ktp bench-batch bench-mail bench-letter
