# imgreg: Unix filters that point container images at a private registry.
# make            build every filter into bin/
# make test       install missing build dependencies, run unit and golden tests
# make demo       install missing build dependencies, run the rewrite on a bundled experiment
# make integration  kustomize, kpt, pre-commit and install tests (part of make test; each
#                 says "skipped" when its tool is missing)
# make install    PREFIX=/usr/local DESTDIR=   (make uninstall with the same variables)
# make install-kustomize-plugin   the ImageRegistry exec plugin under $XDG_CONFIG_HOME
# SANITIZE=1      build with AddressSanitizer and UndefinedBehaviorSanitizer
# SANITIZE=thread build with ThreadSanitizer
# VALGRIND=1      run the golden tests under valgrind memcheck
# make reliability  fuzz regressions, pathological inputs, I/O faults and the YAML test suite
#                 (make test runs all but the pathological inputs, which take minutes; CI runs them)
# make fuzz       libFuzzer harnesses (clang), FUZZ_SECONDS each (default 60)

VERSION = 0.1.0
PREFIX ?= /usr/local
BINDIR = $(PREFIX)/bin
MANDIR = $(PREFIX)/share/man/man1
DATADIR = $(PREFIX)/share/imgreg
MAN7DIR = $(PREFIX)/share/man/man7
XDG_CONFIG_HOME ?= $(HOME)/.config
KUSTOMIZE_PLUGIN_DIR = $(XDG_CONFIG_HOME)/kustomize/plugin/imgreg/v1/imageregistry
PIPELINE ?= $(CURDIR)/scripts/imgreg-pipeline

CC ?= cc
PKG_CONFIG ?= pkg-config
CFLAGS ?= -O2 -g
WARN = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wno-unused-parameter
CPPFLAGS += -Iinclude -D_GNU_SOURCE -DIMGREG_VERSION='"$(VERSION)"'
FYAML_CFLAGS = $(shell $(PKG_CONFIG) --cflags libfyaml 2>/dev/null)
FYAML_LIBS = $(shell $(PKG_CONFIG) --libs libfyaml 2>/dev/null || echo -lfyaml)
CHECK_CFLAGS = $(shell $(PKG_CONFIG) --cflags check 2>/dev/null)
CHECK_LIBS = $(shell $(PKG_CONFIG) --libs check 2>/dev/null || echo -lcheck)
YAML_LIBS = $(shell $(PKG_CONFIG) --libs yaml-0.1 2>/dev/null || echo -lyaml)

ifeq ($(SANITIZE),1)
CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LDFLAGS += -fsanitize=address,undefined
endif
# SANITIZE=thread: ThreadSanitizer, for the verification and parsing threads (src/verifier.c, src/ahead.c)
ifeq ($(SANITIZE),thread)
CFLAGS += -fsanitize=thread -fno-omit-frame-pointer
LDFLAGS += -fsanitize=thread
endif

# -pthread: verifier.c checks the edited text on a second thread, ahead.c parses ahead
ALL_CFLAGS = -std=c11 -pthread $(WARN) $(CFLAGS) $(FYAML_CFLAGS)
LDFLAGS += -pthread

FILTERS = imgreg-rewrite imgreg-merge imgreg-entrypoint imgreg-pullsecret imgreg-images imgreg-verify imgreg-secret

LIB_OBJS = \
	src/ahead.o \
	src/base64.o \
	src/buf.o \
	src/cli.o \
	src/cuts.o \
	src/diff.o \
	src/dockercfg.o \
	src/edit.o \
	src/effective.o \
	src/embed.o \
	src/entrypoint.o \
	src/eptable.o \
	src/goyaml.o \
	src/handover.o \
	src/images.o \
	src/insert.o \
	src/io.o \
	src/json.o \
	src/jsonw.o \
	src/krm.o \
	src/krm_config.o \
	src/krm_results.o \
	src/krm_write.o \
	src/kubesphere.o \
	src/locate.o \
	src/merge.o \
	src/msg.o \
	src/node.o \
	src/occurrence.o \
	src/offmap.o \
	src/parser.o \
	src/path.o \
	src/parts.o \
	src/process.o \
	src/proofs.o \
	src/pullsecret.o \
	src/ref.o \
	src/replace.o \
	src/required.o \
	src/rewrite.o \
	src/rules.o \
	src/run.o \
	src/scalar.o \
	src/scan.o \
	src/settings.o \
	src/settings_write.o \
	src/span.o \
	src/stream.o \
	src/text.o \
	src/validate.o \
	src/verifier.o \
	src/verify.o \
	src/verify_policy.o \
	src/yaml.o \
	src/yaml_parse.o

HEADERS = $(wildcard include/imgreg/*.h) src/internal.h src/krm_internal.h src/builder.h

TEST_OBJS = \
	tests/check_main.o \
	tests/check_base64.o \
	tests/check_dockercfg.o \
	tests/check_edit.o \
	tests/check_entrypoint.o \
	tests/check_images.o \
	tests/check_jsonw.o \
	tests/check_merge.o \
	tests/check_policy.o \
	tests/check_pullsecret.o \
	tests/check_ref.o \
	tests/check_parts.o \
	tests/check_items.o \
	tests/check_locate.o \
	tests/check_ahead.o \
	tests/check_offmap.o \
	tests/check_proofs.o \
	tests/check_reliability.o \
	tests/check_rules.o \
	tests/check_scalar.o \
	tests/check_settings.o \
	tests/check_text.o

LIB = build/libimgreg.a
BINS = $(addprefix bin/,$(FILTERS))
SCRIPTS = scripts/imgreg-pipeline
DATA = data/entrypoints.yaml data/required-images.yaml
MAN1 = $(wildcard $(patsubst %,man/%.1,$(FILTERS) imgreg-pipeline))
MAN7 = man/imgreg.7

.PHONY: all test unit golden secret-check conformance demo deps install uninstall clean bench \
	golden-ahead parse-modes embedded-screen integration install-kustomize-plugin uninstall-kustomize-plugin \
	reliability suite fuzz fuzz-regress pathological faults

all: $(BINS)

src/%.o: src/%.c $(HEADERS)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

filters/%.o: filters/%.c $(HEADERS)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

tests/%.o: tests/%.c $(HEADERS)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(CHECK_CFLAGS) -c -o $@ $<

src/eptable.o: CPPFLAGS += -DIMGREG_DATADIR='"$(DATADIR)"'

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

bin/test-values: tests/values.c $(LIB)
	@mkdir -p bin
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -o $@ $< $(LIB) $(LDFLAGS) $(FYAML_LIBS)

bin/check_imgreg: $(TEST_OBJS) $(LIB)
	@mkdir -p bin
	$(CC) $(LDFLAGS) -o $@ $(TEST_OBJS) $(LIB) $(CHECK_LIBS) $(FYAML_LIBS)

# Reliability (docs/reliability.md). The fuzzing harnesses fuzz/<name>.c are built twice:
# with libFuzzer, clang and sanitizers over a separately built library for make fuzz, and with
# a plain main that replays saved inputs (fuzz/replay.c), with $(CC), for make fuzz-regress.
FUZZERS = fuzz_ref fuzz_edit fuzz_settings fuzz_rewrite
FUZZ_SECONDS ?= 60
FUZZ_CC ?= clang
FUZZ_CFLAGS = -std=c11 -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined \
	-fno-sanitize-recover=undefined
FUZZ_LIB_OBJS = $(patsubst src/%.o,build/fuzz/%.o,$(LIB_OBJS))
ORACLE_SRCS = tests/evlist.c tests/evplan.c
SUITE_OBJS = tests/suite-edit.o tests/evlist.o tests/evplan.o

$(SUITE_OBJS): tests/evlist.h

bin/suite-edit: $(SUITE_OBJS) $(LIB)
	@mkdir -p bin
	$(CC) $(LDFLAGS) -o $@ $(SUITE_OBJS) $(LIB) $(FYAML_LIBS) $(YAML_LIBS)

bin/faultinject.so: tests/faultinject.c
	@mkdir -p bin
	$(CC) $(CPPFLAGS) -std=c11 $(WARN) -O2 -g -shared -fPIC -o $@ $< -ldl

bin/replay/%: fuzz/%.c fuzz/replay.c fuzz/fuzz.h $(ORACLE_SRCS) tests/evlist.h $(LIB)
	@mkdir -p bin/replay
	$(CC) $(CPPFLAGS) -Itests $(ALL_CFLAGS) -o $@ $< fuzz/replay.c $(ORACLE_SRCS) $(LIB) \
		$(LDFLAGS) $(FYAML_LIBS) $(YAML_LIBS)

build/fuzz/%.o: src/%.c $(HEADERS)
	@mkdir -p build/fuzz
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link $(FYAML_CFLAGS) -c -o $@ $<

build/fuzz/eptable.o: CPPFLAGS += -DIMGREG_DATADIR='"$(DATADIR)"'

build/fuzz/libimgreg.a: $(FUZZ_LIB_OBJS)
	rm -f $@
	$(AR) rcs $@ $(FUZZ_LIB_OBJS)

bin/fuzz/%: fuzz/%.c fuzz/fuzz.h $(ORACLE_SRCS) tests/evlist.h build/fuzz/libimgreg.a
	@mkdir -p bin/fuzz
	$(FUZZ_CC) $(CPPFLAGS) -Itests $(FUZZ_CFLAGS) -fsanitize=fuzzer $(FYAML_CFLAGS) -o $@ $< \
		$(ORACLE_SRCS) build/fuzz/libimgreg.a $(FYAML_LIBS) $(YAML_LIBS)

deps:
	@scripts/install-deps

test: deps
	@$(MAKE) --no-print-directory unit golden golden-ahead parse-modes embedded-screen \
	    secret-check integration suite fuzz-regress faults

unit: bin/check_imgreg
	bin/check_imgreg

golden: $(BINS)
	VALGRIND=$(VALGRIND) scripts/golden

# the golden cases again with every input parsed ahead on other threads (src/ahead.c), which
# only inputs of 256 KB and more are otherwise, and then cut into parts at every document
# start (src/cuts.c), which streams are otherwise every 32 KB
golden-ahead: $(BINS)
	IMGREG_TEST_PARSE_AHEAD=1 VALGRIND=$(VALGRIND) scripts/golden
	IMGREG_TEST_PARSE_AHEAD=p VALGRIND=$(VALGRIND) scripts/golden

# every filter on large generated streams: the same results on one thread and in parts
parse-modes: $(BINS)
	tests/parse-modes

# imgreg-entrypoint and imgreg-pullsecret skip embedded manifests that cannot hold what they
# edit: the same results as reading them all, on the golden inputs and the corpus
embedded-screen: $(BINS)
	tests/embedded-screen

secret-check: bin/imgreg-secret
	tests/secret-vs-kubectl
	tests/secret-leak

integration: $(BINS) bin/test-values
	tests/integration
	tests/install
	tests/precommit

conformance: $(BINS) bin/yaml-events
	scripts/conformance

reliability: fuzz-regress pathological faults suite

suite: $(BINS) bin/suite-edit
	scripts/suite

fuzz-regress: $(addprefix bin/replay/,$(FUZZERS))
	fuzz/regress $(FUZZERS)

fuzz: $(addprefix bin/fuzz/,$(FUZZERS))
	fuzz/run $(FUZZ_SECONDS) $(FUZZERS)

pathological: $(BINS) bin/runstat
	tests/pathological

faults: $(BINS) bin/faultinject.so
	tests/faults

demo: deps
	@$(MAKE) --no-print-directory all
	@scripts/demo

bench: $(BINS) bin/bench-parse bin/runstat
	scripts/bench

install: $(BINS)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR) $(DESTDIR)$(MAN7DIR) $(DESTDIR)$(DATADIR)
	install -m 755 $(BINS) $(SCRIPTS) $(DESTDIR)$(BINDIR)
	install -m 644 $(DATA) $(DESTDIR)$(DATADIR)
	install -m 644 $(MAN1) $(DESTDIR)$(MANDIR)
	install -m 644 $(MAN7) $(DESTDIR)$(MAN7DIR)

uninstall:
	rm -f $(addprefix $(DESTDIR)$(BINDIR)/,$(FILTERS) $(notdir $(SCRIPTS)))
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/,$(notdir $(MAN1)))
	rm -f $(addprefix $(DESTDIR)$(MAN7DIR)/,$(notdir $(MAN7)))
	rm -f $(addprefix $(DESTDIR)$(DATADIR)/,$(notdir $(DATA)))
	-rmdir $(DESTDIR)$(DATADIR) 2>/dev/null

# The kustomize exec plugin (scripts/kustomize-plugin), running $(PIPELINE).
install-kustomize-plugin: $(BINS)
	install -d $(KUSTOMIZE_PLUGIN_DIR)
	sed 's|@PIPELINE@|$(PIPELINE)|' scripts/kustomize-plugin >$(KUSTOMIZE_PLUGIN_DIR)/ImageRegistry.tmp
	chmod 755 $(KUSTOMIZE_PLUGIN_DIR)/ImageRegistry.tmp
	mv $(KUSTOMIZE_PLUGIN_DIR)/ImageRegistry.tmp $(KUSTOMIZE_PLUGIN_DIR)/ImageRegistry

uninstall-kustomize-plugin:
	rm -f $(KUSTOMIZE_PLUGIN_DIR)/ImageRegistry

clean:
	rm -rf bin build src/*.o filters/*.o tests/*.o
