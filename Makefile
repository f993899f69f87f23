# imgreg: Unix filters that point container images at a private registry.
# make            build every filter into bin/
# make test       install missing build dependencies, run unit and golden tests
# make demo       install missing build dependencies, run the rewrite on a bundled experiment
# make install    PREFIX=/usr/local DESTDIR=
# SANITIZE=1      build with AddressSanitizer and UndefinedBehaviorSanitizer
# VALGRIND=1      run the golden tests under valgrind memcheck

VERSION = 0.1.0
PREFIX ?= /usr/local
BINDIR = $(PREFIX)/bin
MANDIR = $(PREFIX)/share/man/man1
DATADIR = $(PREFIX)/share/imgreg

CC ?= cc
PKG_CONFIG ?= pkg-config
CFLAGS ?= -O2 -g
WARN = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wno-unused-parameter
CPPFLAGS += -Iinclude -D_GNU_SOURCE -DIMGREG_VERSION='"$(VERSION)"'
FYAML_CFLAGS = $(shell $(PKG_CONFIG) --cflags libfyaml 2>/dev/null)
FYAML_LIBS = $(shell $(PKG_CONFIG) --libs libfyaml 2>/dev/null || echo -lfyaml)
CHECK_CFLAGS = $(shell $(PKG_CONFIG) --cflags check 2>/dev/null)
CHECK_LIBS = $(shell $(PKG_CONFIG) --libs check 2>/dev/null || echo -lcheck)

ifeq ($(SANITIZE),1)
CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LDFLAGS += -fsanitize=address,undefined
endif

ALL_CFLAGS = -std=c11 $(WARN) $(CFLAGS) $(FYAML_CFLAGS)

FILTERS = imgreg-rewrite imgreg-merge

LIB_OBJS = \
	src/buf.o \
	src/cli.o \
	src/diff.o \
	src/edit.o \
	src/effective.o \
	src/embed.o \
	src/insert.o \
	src/io.o \
	src/locate.o \
	src/merge.o \
	src/msg.o \
	src/node.o \
	src/parser.o \
	src/process.o \
	src/ref.o \
	src/rewrite.o \
	src/rules.o \
	src/run.o \
	src/scalar.o \
	src/settings.o \
	src/settings_write.o \
	src/span.o \
	src/stream.o \
	src/text.o \
	src/validate.o \
	src/verify.o \
	src/yaml.o

HEADERS = $(wildcard include/imgreg/*.h) src/internal.h

TEST_OBJS = \
	tests/check_main.o \
	tests/check_edit.o \
	tests/check_merge.o \
	tests/check_ref.o \
	tests/check_rules.o \
	tests/check_scalar.o \
	tests/check_settings.o

LIB = build/libimgreg.a
BINS = $(addprefix bin/,$(FILTERS))

.PHONY: all test unit golden conformance demo deps install uninstall clean bench

all: $(BINS)

src/%.o: src/%.c $(HEADERS)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

filters/%.o: filters/%.c $(HEADERS)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

tests/%.o: tests/%.c $(HEADERS)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(CHECK_CFLAGS) -c -o $@ $<

$(LIB): $(LIB_OBJS)
	@mkdir -p build
	rm -f $@
	$(AR) rcs $@ $(LIB_OBJS)

bin/%: filters/%.o $(LIB)
	@mkdir -p bin
	$(CC) $(LDFLAGS) -o $@ $< $(LIB) $(FYAML_LIBS)

bin/yaml-events: tests/yaml-events.c
	@mkdir -p bin
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -o $@ $< $(LDFLAGS) $(shell $(PKG_CONFIG) --libs yaml-0.1 2>/dev/null || echo -lyaml)

bin/bench-parse: tests/bench-parse.c $(LIB)
	@mkdir -p bin
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -o $@ $< $(LIB) $(LDFLAGS) $(FYAML_LIBS)

bin/runstat: tests/runstat.c
	@mkdir -p bin
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -o $@ $< $(LDFLAGS)

bin/check_imgreg: $(TEST_OBJS) $(LIB)
	@mkdir -p bin
	$(CC) $(LDFLAGS) -o $@ $(TEST_OBJS) $(LIB) $(CHECK_LIBS) $(FYAML_LIBS)

deps:
	@scripts/install-deps

test: deps
	@$(MAKE) --no-print-directory unit golden

unit: bin/check_imgreg
	bin/check_imgreg

golden: $(BINS)
	VALGRIND=$(VALGRIND) scripts/golden

conformance: $(BINS) bin/yaml-events
	scripts/conformance

demo: deps
	@$(MAKE) --no-print-directory all
	@scripts/demo

bench: $(BINS) bin/bench-parse bin/runstat
	scripts/bench

install: $(BINS)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)
	install -m 755 $(BINS) $(DESTDIR)$(BINDIR)
	for f in $(FILTERS); do \
		if [ -f man/$$f.1 ]; then install -m 644 man/$$f.1 $(DESTDIR)$(MANDIR); fi; \
	done

uninstall:
	for f in $(FILTERS); do \
		rm -f $(DESTDIR)$(BINDIR)/$$f $(DESTDIR)$(MANDIR)/$$f.1; \
	done

clean:
	rm -rf bin build src/*.o filters/*.o tests/*.o
