#!/usr/bin/env bash
# On-demand benchmarks (not part of the test suite): rewrites docs/performance.md (the HAProxy section needs haproxy installed;
# the paused-rollouts section takes a few minutes, most of it starting 1,000 canaries).
set -euo pipefail
cd "$(dirname "$0")"
# The benchmarks are sandbox-, cli- and plugin-module tests; each module's classpath file holds what it depends on.
mvn -q -B -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
classpath() { echo "$1/target/test-classes:$1/target/classes:$(cat "$1/target/bench.classpath")"; }
java -Djava.util.logging.config.file=src/test/resources/logging.properties -cp "$(classpath sandbox)" \
  io.jenkins.plugins.openmaru.bench.RollbackBenchmark docs/performance.md
java -Djava.util.logging.config.file=src/test/resources/logging.properties -cp "$(classpath sandbox)" \
  io.jenkins.plugins.openmaru.bench.RouterSwitchBenchmark docs/performance.md
# A GET and a PUT of one object with 3 and 3,000 stored: the sandbox's API server against fabric8's store alone.
java -Djava.util.logging.config.file=src/test/resources/logging.properties -cp "$(classpath sandbox)" \
  io.jenkins.plugins.openmaru.bench.StoreLookupBenchmark docs/performance.md
# The CLI's start-up, through ./openmaru as users run it: build the jar and its class-data archive first.
./openmaru --version >/dev/null
java -Djava.util.logging.config.file=src/test/resources/logging.properties -cp "$(classpath cli)" \
  io.jenkins.plugins.openmaru.bench.StartupBenchmark docs/performance.md
# N paused canaries in this JVM, wired as the plugin wires them, against the sandbox API server in another process;
# each N in a fresh JVM.
rm -f target/paused-rollouts.tsv
mkdir -p target
for n in 1 100 1000; do
  java -Djava.util.logging.config.file=src/test/resources/logging.properties -cp "$(classpath plugin)" \
    io.jenkins.plugins.openmaru.bench.PausedRolloutsBenchmark measure "$n" "$(git rev-parse --abbrev-ref HEAD)@$(git rev-parse --short HEAD)" target/paused-rollouts.tsv
done
java -cp "$(classpath plugin)" io.jenkins.plugins.openmaru.bench.PausedRolloutsBenchmark report target/paused-rollouts.tsv docs/performance.md
