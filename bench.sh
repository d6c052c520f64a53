#!/usr/bin/env bash
# On-demand benchmarks (not part of the test suite): rewrites docs/performance.md (the HAProxy section needs haproxy installed).
set -euo pipefail
cd "$(dirname "$0")"
# The benchmarks are sandbox-module tests; the classpath file holds core's classes and libraries.
mvn -q -B -DskipTests -pl sandbox -am test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
java -Djava.util.logging.config.file=src/test/resources/logging.properties \
  -cp "sandbox/target/test-classes:sandbox/target/classes:$(cat sandbox/target/bench.classpath)" \
  io.jenkins.plugins.openmaru.bench.RollbackBenchmark docs/performance.md
java -Djava.util.logging.config.file=src/test/resources/logging.properties \
  -cp "sandbox/target/test-classes:sandbox/target/classes:$(cat sandbox/target/bench.classpath)" \
  io.jenkins.plugins.openmaru.bench.RouterSwitchBenchmark docs/performance.md
