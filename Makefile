# sam build uses this (BuildMethod: makefile on every function in template.yaml): it calls
# `make build-<FunctionLogicalId>` in a scratch copy of the project with ARTIFACTS_DIR set. The
# whole multi-module project is there, so Maven finds the parent pom; every function gets the same
# shaded jar (SAM builds functions with the same build definition once).
.PHONY: build package

build-%:
	mvn -q -B -DskipTests -pl functions -am package
	mkdir -p "$(ARTIFACTS_DIR)"
	cd "$(ARTIFACTS_DIR)" && unzip -q -o "$(CURDIR)/functions/target/functions.jar"

package:
	mvn -q -B -DskipTests package
