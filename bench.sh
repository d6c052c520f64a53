#!/usr/bin/env bash
# On-demand benchmarks (not part of the test suite): rewrites docs/performance.md (the HAProxy section needs haproxy installed;
# the paused-rollouts section takes a few minutes, most of it starting 1,000 canaries).
set -euo pipefail
cd "$(dirname "$0")"
mvn -q -B -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
java -Djava.util.logging.config.file=src/test/resources/logging.properties \
  -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  io.jenkins.plugins.openmaru.bench.RollbackBenchmark docs/performance.md
java -Djava.util.logging.config.file=src/test/resources/logging.properties \
  -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  io.jenkins.plugins.openmaru.bench.RouterSwitchBenchmark docs/performance.md
# N paused canaries in this JVM against the sandbox API server in another process; each N in a fresh JVM.
rm -f target/paused-rollouts.tsv
for n in 1 100 1000; do
  java -Djava.util.logging.config.file=src/test/resources/logging.properties \
    -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
    io.jenkins.plugins.openmaru.bench.PausedRolloutsBenchmark measure "$n" "$(git rev-parse --abbrev-ref HEAD)@$(git rev-parse --short HEAD)" target/paused-rollouts.tsv
done
java -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  io.jenkins.plugins.openmaru.bench.PausedRolloutsBenchmark report target/paused-rollouts.tsv docs/performance.md
