# Top-level build. Each component (a folder with its own Makefile) builds into
# $(BUILD)/<component> and offers the targets: all, check (unit tests, TAP to
# $(BUILD)/test-results/<component>.tap), fuzz-smoke (optional), clean.
# This file only sequences them; see README.md for what each target is for.

BUILD   ?= $(CURDIR)/build
STACK   ?= xen
JOBS    ?= 2
SHARD   ?=
export BUILD

COMPONENTS := $(patsubst %/Makefile,%,$(wildcard harness/Makefile qemu/Makefile hypervisor/Makefile toolstack/Makefile guests/Makefile))
LABRUN     := $(BUILD)/harness/labrun
RESULTS    := $(BUILD)/test-results
REPORTS    := $(BUILD)/reports

.PHONY: all deps fixtures check pytest fuzz-smoke scenarios readme-commands test run debug scenario bench coverage clean distclean

all:
	@set -e; for c in $(COMPONENTS); do $(MAKE) -C $$c all; done

deps:
	@ci/install-deps.sh

fixtures: deps
	@$(MAKE) -C fixtures all

# Unit tests of every component (Check, under ASan/UBSan) and of the fixture scripts.
# Also checks that every scenario, profile and bench file parses.
check: all
	@mkdir -p $(RESULTS); st=0; for c in $(COMPONENTS) fixtures; do $(MAKE) -C $$c check || st=1; done; \
	$(LABRUN) --check scenarios/*.scn bench/*.scn || st=1; exit $$st

pytest: all
	@mkdir -p $(RESULTS)
	@/usr/bin/python3 -m pytest -q -p harness.tests.tap_plugin --tap-file=$(RESULTS)/pytest.tap harness/tests

fuzz-smoke: all
	@mkdir -p $(RESULTS); st=0; for c in $(COMPONENTS); do \
	  if $(MAKE) -C $$c -n fuzz-smoke >/dev/null 2>&1; then $(MAKE) -C $$c fuzz-smoke || st=1; fi; done; exit $$st

# Every scenario on every stack it lists (SHARD=i/n takes one n-th of them).
scenarios: all fixtures
	@mkdir -p $(RESULTS)
	@$(LABRUN) -j $(JOBS) $(if $(SHARD),--shard $(SHARD)) --tap-file $(RESULTS)/scenarios.tap --report $(REPORTS)/latest scenarios/*.scn

# The gate: all phases run even when one fails; the last line sums them up.
# Fixtures come before pytest so that its real-QEMU test has images to boot.
# The guide's domU kernel (fixtures, minutes on both cores) is built in the
# background, niced, from the start: the phases before fixtures mostly keep
# one core busy. The fixtures phase waits for it (and, should it have
# failed, builds it again in the open; its log stays in test-results). Its
# own session, so that a gate stopped early (all failed) stops all of it;
# a session is its own scheduling autogroup, where nice means nothing
# against the other sessions: the autogroup's own nice makes it yield.
test: deps
	@rm -rf $(RESULTS); mkdir -p $(RESULTS); st=0; \
	setsid -w sh -c 'echo $$$$ > $(RESULTS)/domu-kernel.pgid; { echo 19 > /proc/self/autogroup; } 2>/dev/null; \
	  exec nice -n 10 $(MAKE) --no-print-directory -C fixtures domu-kernel' \
	  > $(RESULTS)/domu-kernel.log 2>&1 & kpid=$$!; \
	for t in all check fuzz-smoke fixtures pytest scenarios readme-commands; do \
	  if [ "$$t" = fixtures ]; then wait $$kpid || echo "==> the early domU kernel build failed (log: $(RESULTS)/domu-kernel.log)"; kpid=; fi; \
	  echo "==> make $$t"; $(MAKE) --no-print-directory $$t || { st=1; echo "==> make $$t FAILED"; \
	    echo $$t >> $(RESULTS)/failed-phases; [ "$$t" = all ] && break; }; \
	done; [ -z "$$kpid" ] || { kill -- -$$(cat $(RESULTS)/domu-kernel.pgid); wait $$kpid; }; ci/summarize $(RESULTS); exit $$st

# The README's own commands, as a user types them (variables given on the
# command line reach every sub-make, so a name like S must mean nothing
# there): one TAP line each.
README_COMMANDS := "scenario S=hv-boot STACK=ours" "scenario S=svm-guests STACK=ours" coverage
readme-commands:
	@mkdir -p $(RESULTS); n=0; { for c in $(README_COMMANDS); do n=$$((n + 1)); \
	  if $(MAKE) --no-print-directory $$c > $(RESULTS)/readme-$$n.log 2>&1; \
	  then echo "ok $$n - make $$c"; else echo "not ok $$n - make $$c (log: $(RESULTS)/readme-$$n.log)"; fi; \
	  done; echo "1..$$n"; } | tee $(RESULTS)/readme-commands.tap; ! grep -q '^not ok' $(RESULTS)/readme-commands.tap

# One scenario: make scenario S=<id> [STACK=ours|xen]; exit 0 only when it passed.
scenario: all fixtures
	@$(LABRUN) --stack $(STACK) --report $(REPORTS)/$(S)-$(STACK) scenarios/$(S).scn

# Boot the lab interactively (serial console on this terminal, Ctrl-a x quits).
run: deps all fixtures
	@$(LABRUN) --interactive --stack $(STACK) scenarios/lab.scn

# Debugging is about our hypervisor: it is the default stack here.
debug: deps all fixtures
	@$(LABRUN) --interactive --debug --stack $(if $(filter command line environment,$(origin STACK)),$(STACK),ours) scenarios/lab.scn

bench: deps all fixtures
	@bench/run $(BUILD)

coverage: deps
	@$(MAKE) -C hypervisor coverage

clean:
	rm -rf $(BUILD)/harness $(BUILD)/hypervisor $(BUILD)/toolstack $(BUILD)/guests $(RESULTS) $(REPORTS)

# Also drops the downloaded Debian packages and built images.
distclean:
	rm -rf $(BUILD)
