#!/usr/bin/env bash
# The test command: installs what the tests need when it is missing, then runs the whole suite
# (unit tests, fidelity checks against ../shared/jenkins-api, and the packaged .hpi checks).
set -euo pipefail
cd "$(dirname "$0")"

apt_updated=false
need_package() { # need_package COMMAND DEBIAN_PACKAGE...
  if ! command -v "$1" >/dev/null 2>&1; then
    if [ "$apt_updated" = false ]; then
      apt-get update -qq
      apt_updated=true
    fi
    shift
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
  fi
}

# --- Build tools ---
need_package javac openjdk-17-jdk-headless
need_package mvn maven

# --- System packages that tests start for real (add yours here, one need_package line each) ---
need_package prometheus prometheus
need_package kubectl kubernetes-client   # SandboxKubectlTest runs the real kubectl against the sandbox
need_package haproxy haproxy
need_package chromium chromium           # DeliveryPageBrowserTest runs the build page's script in a real browser
need_package chromedriver chromium-driver

mvn -B verify "$@"
