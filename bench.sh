#!/usr/bin/env bash
# On-demand benchmarks (not part of the test suite): rewrites docs/performance.md (the HAProxy section needs haproxy installed).
set -euo pipefail
cd "$(dirname "$0")"
# The benchmarks are sandbox- and cli-module tests; each module's classpath file holds what it depends on.
mvn -q -B -DskipTests -pl cli -am test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
java -Djava.util.logging.config.file=src/test/resources/logging.properties \
  -cp "sandbox/target/test-classes:sandbox/target/classes:$(cat sandbox/target/bench.classpath)" \
  io.jenkins.plugins.openmaru.bench.RollbackBenchmark docs/performance.md
java -Djava.util.logging.config.file=src/test/resources/logging.properties \
  -cp "sandbox/target/test-classes:sandbox/target/classes:$(cat sandbox/target/bench.classpath)" \
  io.jenkins.plugins.openmaru.bench.RouterSwitchBenchmark docs/performance.md
# The CLI's start-up, through ./openmaru as users run it: build the jar and its class-data archive first.
./openmaru --version >/dev/null
java -Djava.util.logging.config.file=src/test/resources/logging.properties \
  -cp "cli/target/test-classes:cli/target/classes:$(cat cli/target/bench.classpath)" \
  io.jenkins.plugins.openmaru.bench.StartupBenchmark docs/performance.md
