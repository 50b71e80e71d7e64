# duban — build, test and install.
#
#   make            build build/duban
#   make run        install what is missing, build, and show duban at work
#   make check      install what is missing, build, run every test, then
#                   again under AddressSanitizer and UndefinedBehaviorSanitizer,
#                   then under valgrind (make valgrind), then fuzz every
#                   parser for a while (make fuzz)
#   make valgrind   the unit and end-to-end tests under valgrind's memcheck
#   make fuzz       fuzz every parser for FUZZ_SECONDS seconds each (30)
#   make bench      duban beside floors and peers at every size, written to
#                   docs/benchmarks.md (make bench-quick: 56 and 10k items)
#   make install    install into $(PREFIX) (default /usr/local)
#   make pot        extract the messages to translate into po/duban.pot
#   make update-po  merge po/duban.pot into every po/LANG.po

VERSION   = 0.1.0
PREFIX   ?= /usr/local
BINDIR    = $(PREFIX)/bin
MANDIR    = $(PREFIX)/share/man
LOCALEDIR = $(PREFIX)/share/locale
OFFICEDIR = $(PREFIX)/lib/duban
BASHCOMPDIR = $(PREFIX)/share/bash-completion/completions
BUILD    ?= build

CC       ?= cc
CFLAGS   ?= -O2 -g
WARN      = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes
# libzip and libxml2 (for .docx and .xlsx) and libxlsxwriter (workbooks) as
# pkg-config gives them, else where Debian puts them: make check and make
# run read this again after make deps.
PKG_LIBS  = libzip libxml-2.0 xlsxwriter zlib
PKG_CFLAGS := $(shell pkg-config --cflags $(PKG_LIBS) 2>/dev/null || \
	echo -I/usr/include/libxml2)
PKG_LDLIBS := $(shell pkg-config --libs $(PKG_LIBS) 2>/dev/null || \
	echo -lzip -lxml2 -lxlsxwriter -lz)
CPPFLAGS_ALL = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	-Iinclude -Isrc -DDUBAN_VERSION='"$(VERSION)"' \
	-DLOCALEDIR='"$(LOCALEDIR)"' -DOFFICEDIR='"$(OFFICEDIR)"' \
	$(PKG_CFLAGS) $(CPPFLAGS)
# The binary links only what every command needs; the .docx and .xlsx
# machinery (OFFICE_SRC, with libzip, libxml2 and libxlsxwriter) is the
# module duban-office.so, which src/office.c loads when a command first
# needs it (include/duban/office.h).  The tests and fuzzers link all of
# it in directly (libduban.a).
CORE_LIBS = -lcsv -lunistring -lnettle -lz -ldl
LIBS      = $(CORE_LIBS) $(PKG_LDLIBS)
TEST_LIBS = -lcmocka

OFFICE_SRC = src/ooxml.c src/docx.c src/xlsx.c src/book.c src/bulletin_docx.c
CORE_SRC = $(filter-out src/main.c src/office.c $(OFFICE_SRC),$(wildcard src/*.c))
LIB_SRC  = $(CORE_SRC) $(OFFICE_SRC)
CMD_SRC  = src/main.c $(wildcard src/cmd/*.c)
CORE_OBJ = $(CORE_SRC:%.c=$(BUILD)/%.o) $(BUILD)/src/bundled_data.o
LIB_OBJ  = $(CORE_OBJ) $(OFFICE_SRC:%.c=$(BUILD)/%.o)
PIC_OBJ  = $(OFFICE_SRC:%.c=$(BUILD)/pic/%.o) $(BUILD)/pic/src/office/module.o
CMD_OBJ  = $(CMD_SRC:%.c=$(BUILD)/%.o)
OFFICE_MODULE = $(BUILD)/duban-office.so
UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

# The translations: po/LANG.po, compiled into $(BUILD)/locale, where an
# uninstalled build/duban finds them (see locale_dir() in src/main.c).
LINGUAS  = zh_CN
MO_FILES = $(LINGUAS:%=$(BUILD)/locale/%/LC_MESSAGES/duban.mo)
XGETTEXT_FLAGS = --language=C --from-code=UTF-8 --keyword=_ --keyword=N_ \
	--keyword=C_:1c,2 --add-comments=TRANSLATORS: \
	--package-name=duban --package-version=$(VERSION) \
	--copyright-holder='the duban authors'

SANITIZE = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
	-fno-sanitize-recover=all

.PHONY: all deps deps-run deps-bench run check test unit e2e asan valgrind fuzz \
	bench bench-quick install \
	uninstall clean pot update-po

all: $(BUILD)/duban $(OFFICE_MODULE) $(MO_FILES)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_ALL) $(WARN) $(CFLAGS) -MMD -MP -c -o $@ $<

# The bundled plan is assembled into the binary with .incbin.
$(BUILD)/src/bundled_data.o: src/bundled_data.S data/items.csv
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

# Position-independent, and hidden but for the one table it exports.
$(BUILD)/pic/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_ALL) $(WARN) $(CFLAGS) -fPIC -fvisibility=hidden \
		-MMD -MP -c -o $@ $<

$(BUILD)/libduban.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/libduban-core.a: $(CORE_OBJ) $(BUILD)/src/office.o
	rm -f $@
	ar rcs $@ $^

# The module calls the library's functions in the binary: all of the
# library goes in (--whole-archive), all of it visible (-rdynamic).
$(BUILD)/duban: $(CMD_OBJ) $(BUILD)/libduban-core.a | $(OFFICE_MODULE)
	$(CC) $(CFLAGS) $(LDFLAGS) -rdynamic -o $@ $(CMD_OBJ) \
		-Wl,--whole-archive $(BUILD)/libduban-core.a \
		-Wl,--no-whole-archive $(CORE_LIBS)

$(OFFICE_MODULE): $(PIC_OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -shared -o $@ $(PIC_OBJ) $(PKG_LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libduban.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_ALL) -Itests/unit $(WARN) $(CFLAGS) $(LDFLAGS) -o $@ $< \
		$(BUILD)/libduban.a $(TEST_LIBS) $(LIBS)

$(BUILD)/locale/%/LC_MESSAGES/duban.mo: po/%.po
	@mkdir -p $(dir $@)
	msgfmt --check -o $@ $<

# Every message marked _(), N_() or C_() (and ngettext) in the
# sources; tests/e2e/t_i18n.sh fails when po/duban.pot is out of date.
POT = po/duban.pot
pot:
	xgettext $(XGETTEXT_FLAGS) -o $(POT) $(sort $(CMD_SRC) $(LIB_SRC) src/office.c)

update-po:
	@for l in $(LINGUAS); do \
		msgmerge --quiet --update --backup=none po/$$l.po po/duban.pot && \
		msgattrib --no-obsolete -o po/$$l.po po/$$l.po || exit 1; \
	done

deps:
	@scripts/install-deps

# what make run needs: building and running, not the tests
deps-run:
	@scripts/install-deps run

# The main job on the bundled plan, in a store of its own under build/: a
# few months of reports, then what the office asks for every week, and
# June's 通报 as a page to open in a browser.
DEMO = DUBAN_USER=督办室 $(BUILD)/duban --store $(BUILD)/demo-store
run: deps-run
	@$(MAKE) --no-print-directory all
	@rm -rf $(BUILD)/demo-store
	@$(DEMO) init
	@$(DEMO) start 2 3 5 8 13 --date 2024-03-01 >/dev/null
	@$(DEMO) progress 3 60 --date 2024-06-28 -m "已举办促消费活动4场" >/dev/null
	@$(DEMO) progress 8 55 --date 2024-06-28 >/dev/null
	@$(DEMO) actual 8 1 46 --date 2024-06-28 >/dev/null
	@$(DEMO) block 5 --date 2024-06-20 -m "楼宇招商进度受市场影响" >/dev/null
	@$(DEMO) done 6 --date 2024-06-25 >/dev/null
	$(DEMO) list --unit 区商务局 --as-of 2024-06-30
	$(DEMO) summary --by leader --as-of 2024-06-30
	$(DEMO) overdue --as-of 2025-01-10 --unit 区商务局
	$(DEMO) show 8 --as-of 2024-06-30
	$(DEMO) bulletin --period 2024-06 --as-of 2024-06-30 -o $(BUILD)/通报.html

check: deps
	@$(MAKE) --no-print-directory test
	@$(MAKE) --no-print-directory asan
	@$(MAKE) --no-print-directory valgrind
	@$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=30

test: unit e2e

unit: $(UNIT_BIN)
	@tests/run-unit $(UNIT_BIN)

E2E_TOOLS = $(BUILD)/tests/csvfields $(BUILD)/tests/csvedit \
	$(BUILD)/tests/ptyrun $(BUILD)/tests/screencol $(BUILD)/tests/ixforge \
	$(BUILD)/bench/make-plan $(BUILD)/bench/make-journal
E2E_ENV = CSVFIELDS=$(BUILD)/tests/csvfields CSVEDIT=$(BUILD)/tests/csvedit \
	PTYRUN=$(BUILD)/tests/ptyrun SCREENCOL=$(BUILD)/tests/screencol \
	IXFORGE=$(BUILD)/tests/ixforge \
	MAKEPLAN=$(BUILD)/bench/make-plan MAKEJOURNAL=$(BUILD)/bench/make-journal

e2e: $(BUILD)/duban $(OFFICE_MODULE) $(MO_FILES) $(E2E_TOOLS)
	@DUBAN=$(BUILD)/duban $(E2E_ENV) tests/e2e/run

# What a spreadsheet reads from a CSV file, for the end-to-end tests.
$(BUILD)/tests/csvfields: tests/tools/csvfields.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_ALL) $(WARN) $(CFLAGS) $(LDFLAGS) -o $@ $< -lcsv

# Cells changed as in a spreadsheet, for the tests of duban merge.
$(BUILD)/tests/csvedit: tests/tools/csvedit.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_ALL) $(WARN) $(CFLAGS) $(LDFLAGS) -o $@ $< -lcsv

# A command on a pseudo-terminal of a given size, for the tests of what
# the terminal shows.
$(BUILD)/tests/ptyrun: tests/tools/ptyrun.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_ALL) $(WARN) $(CFLAGS) $(LDFLAGS) -o $@ $< -lutil

# An index that reads as sound but disagrees with the CSV files, for the
# tests of duban check.
$(BUILD)/tests/ixforge: tests/tools/ixforge.c $(BUILD)/libduban-core.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_ALL) $(WARN) $(CFLAGS) $(LDFLAGS) -o $@ $< \
		$(BUILD)/libduban-core.a $(CORE_LIBS)

# One column of a table as the terminal shows it, its wrapped lines joined.
$(BUILD)/tests/screencol: tests/tools/screencol.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_ALL) $(WARN) $(CFLAGS) $(LDFLAGS) -o $@ $<

# The same suite built with the sanitizers, in a tree of its own.
asan:
	@$(MAKE) --no-print-directory BUILD=build/asan CFLAGS='$(SANITIZE)' \
		LDFLAGS='-fsanitize=address,undefined' test

# The unit tests, then the end-to-end tests with every run of duban, under
# valgrind's memcheck (tests/tools/valgrind-duban): a memory error, or a
# leak of any kind, fails the run that made it and then the whole target.
# In the unit tests memory still reachable at exit is no error: the tests
# that fork leave their memory to a child that exits at once.  The
# end-to-end files run VALGRIND_JOBS at a time, one per processor.
VALGRIND_JOBS ?= $(shell nproc 2>/dev/null || echo 2)
VALGRIND_UNIT = valgrind --quiet --error-exitcode=99 --vgdb=no \
	--leak-check=full --errors-for-leak-kinds=definite,indirect,possible \
	--suppressions=tests/tools/valgrind.supp
VALGRIND_ENV = DUBAN_BIN=$(abspath $(BUILD)/duban) \
	VALGRIND_LOGS=$(abspath $(BUILD)/valgrind)

valgrind: $(UNIT_BIN) $(BUILD)/duban $(OFFICE_MODULE) $(MO_FILES) $(E2E_TOOLS)
	@command -v valgrind >/dev/null || \
		{ echo "make valgrind needs valgrind: scripts/install-deps installs it" >&2; exit 1; }
	@UNIT_RUNNER='$(VALGRIND_UNIT)' tests/run-unit $(UNIT_BIN)
	@rm -rf $(BUILD)/valgrind && mkdir -p $(BUILD)/valgrind && \
		chmod 1777 $(BUILD)/valgrind
	@$(VALGRIND_ENV) DUBAN=$(CURDIR)/tests/tools/valgrind-duban $(E2E_ENV) \
		E2E_JOBS=$(VALGRIND_JOBS) tests/e2e/run; status=$$?; \
	$(VALGRIND_ENV) tests/tools/valgrind-duban --report || status=1; \
	exit $$status

# libFuzzer targets, one per parser of outside input: every
# tests/fuzz/fuzz_NAME.c is one, built with clang into build/fuzz/ against
# the library compiled there with the same sanitizers, and run on a copy
# of its seeds in tests/fuzz/corpus/NAME.  A crash, leak, timeout or failed
# check fails the make.
FUZZ_SECONDS ?= 30
FUZZ_CC   = clang
FUZZ_DIR  = build/fuzz
FUZZ_SAN  = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
	-fno-sanitize-recover=all
FUZZ_SRC  = $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BIN  = $(FUZZ_SRC:tests/fuzz/%.c=$(FUZZ_DIR)/%)
FUZZ_OBJ  = $(LIB_SRC:%.c=$(FUZZ_DIR)/%.o) $(FUZZ_DIR)/src/bundled_data.o

fuzz: $(FUZZ_BIN)
	@FUZZ_SECONDS=$(FUZZ_SECONDS) tests/fuzz/run $(FUZZ_BIN)

$(FUZZ_DIR)/src/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(CPPFLAGS_ALL) $(WARN) $(FUZZ_SAN) \
		-fsanitize=fuzzer-no-link -MMD -MP -c -o $@ $<

$(FUZZ_DIR)/src/bundled_data.o: src/bundled_data.S data/items.csv
	@mkdir -p $(dir $@)
	$(FUZZ_CC) -c -o $@ $<

$(FUZZ_DIR)/libduban.a: $(FUZZ_OBJ)
	rm -f $@
	ar rcs $@ $^

$(FUZZ_DIR)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(FUZZ_DIR)/libduban.a
	$(FUZZ_CC) $(CPPFLAGS_ALL) $(WARN) $(FUZZ_SAN) -fsanitize=fuzzer \
		-MMD -MP -o $@ $< $(FUZZ_DIR)/libduban.a $(LIBS)

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(BASHCOMPDIR)
	install -m 755 $(BUILD)/duban $(DESTDIR)$(BINDIR)/duban
	install -d $(DESTDIR)$(OFFICEDIR)
	install -m 644 $(OFFICE_MODULE) $(DESTDIR)$(OFFICEDIR)/duban-office.so
	install -m 644 doc/duban.1 $(DESTDIR)$(MANDIR)/man1/duban.1
	$(BUILD)/duban completion bash >$(DESTDIR)$(BASHCOMPDIR)/duban
	for l in $(LINGUAS); do \
		install -d $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES && \
		install -m 644 $(BUILD)/locale/$$l/LC_MESSAGES/duban.mo \
			$(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/duban.mo || exit 1; \
		if [ -f doc/$$l/duban.1 ]; then \
			install -d $(DESTDIR)$(MANDIR)/$$l/man1 && \
			install -m 644 doc/$$l/duban.1 \
				$(DESTDIR)$(MANDIR)/$$l/man1/duban.1 || exit 1; \
		fi; \
	done

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/duban $(DESTDIR)$(MANDIR)/man1/duban.1 \
		$(DESTDIR)$(OFFICEDIR)/duban-office.so \
		$(DESTDIR)$(BASHCOMPDIR)/duban
	for l in $(LINGUAS); do \
		rm -f $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/duban.mo \
			$(DESTDIR)$(MANDIR)/$$l/man1/duban.1; \
	done

clean:
	rm -rf build

-include $(LIB_OBJ:.o=.d) $(BUILD)/src/office.d $(PIC_OBJ:.o=.d) $(CMD_OBJ:.o=.d) $(FUZZ_OBJ:.o=.d) \
	$(FUZZ_BIN:=.d)

# The benchmarks (bench/run): duban beside the floors (an empty process,
# cat, a libcsv parse, an fsync'd append) and its peers (sqlite3, Miller,
# Taskwarrior) on the same generated stores, timed with hyperfine, written
# to docs/benchmarks.md.  make bench runs every size (56, 10k, 100k and 1M
# items), make bench-quick 56 and 10k.  Nothing here is part of make check.
BENCH_TOOLS = $(addprefix $(BUILD)/bench/,make-plan make-journal empty \
	csvcount append)
BENCH_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L $(WARN) $(CFLAGS)
BENCH_ENV = DUBAN=$(BUILD)/duban BENCH_TOOLS=$(BUILD)/bench \
	BENCH_WORK=$(BUILD)/bench/work BENCH_OUT=docs/benchmarks.md

bench: deps-bench
	@$(MAKE) --no-print-directory all $(BENCH_TOOLS)
	@$(BENCH_ENV) BENCH_RECORDS="1000 10000 100000 1000000" \
		bench/run 56 10000 100000 1000000

bench-quick: deps-bench
	@$(MAKE) --no-print-directory all $(BENCH_TOOLS)
	@$(BENCH_ENV) BENCH_RECORDS="1000 10000" BENCH_QUICK=1 \
		bench/run 56 10000

deps-bench:
	@scripts/install-deps bench

$(BUILD)/bench/make-journal: bench/make-journal.c
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_CFLAGS) $(LDFLAGS) -o $@ $< -lnettle

$(BUILD)/bench/make-plan $(BUILD)/bench/csvcount: $(BUILD)/bench/%: bench/%.c
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_CFLAGS) $(LDFLAGS) -o $@ $< -lcsv

$(BUILD)/bench/empty $(BUILD)/bench/append: $(BUILD)/bench/%: bench/%.c
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_CFLAGS) $(LDFLAGS) -o $@ $<
