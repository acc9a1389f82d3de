# sam build uses this (BuildMethod: makefile on every function in template.yaml): it calls
# `make build-<FunctionLogicalId>` once per function, 31 of them, in parallel (samconfig.toml), each
# in a scratch copy of the project with ARTIFACTS_DIR set. SAM never shares a makefile build between
# functions, so the Maven build is shared here: every build-<Function> needs the one functions jar,
# built in this Makefile's own project (not the scratch copy) under a lock. The first target to get
# the lock runs Maven; the others find the jar up to date and copy the same one. Maven runs again
# only when a source or pom is newer than the jar.
PROJECT := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
MVN ?= mvn
JAR := $(PROJECT)/functions/target/functions.jar
LOCK := $(PROJECT)/.sam-build.lock
SOURCES := $(shell find "$(PROJECT)/functions/src" -type f) $(PROJECT)/pom.xml $(PROJECT)/functions/pom.xml

.PHONY: build package shared-jar

build-%: shared-jar
	mkdir -p "$(ARTIFACTS_DIR)"
	cd "$(ARTIFACTS_DIR)" && unzip -q -o "$(JAR)"

# One build at a time across the parallel make processes: mkdir is atomic, and portable (no flock).
shared-jar:
	@until mkdir "$(LOCK)" 2>/dev/null; do sleep 1; done; \
	trap 'rmdir "$(LOCK)"' EXIT INT TERM; \
	$(MAKE) --no-print-directory -f "$(PROJECT)/Makefile" "$(JAR)"

$(JAR): $(SOURCES)
	cd "$(PROJECT)" && $(MVN) -q -B -DskipTests -pl functions -am package
	touch "$@"

package:
	mvn -q -B -DskipTests package
