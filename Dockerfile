# jitaccess container image: a Swift build stage and a slim Ubuntu runtime stage.
#
#   docker build -t jitaccess .
#
# docs/deployment.md takes it from here to Cloud Run behind Identity-Aware Proxy, and says how this
# file was checked (docker itself could not be run where it was written).

# The toolchain the project is developed with (Swift 6.3.x); the official images are tagged
# VERSION-DISTRIBUTION, for example swift:6.3-noble or swift:6.3.1-noble.
ARG SWIFT_IMAGE=swift:6.3-noble
ARG RUNTIME_IMAGE=ubuntu:noble

# ---------------------------------------------------------------------------------------------
FROM ${SWIFT_IMAGE} AS build

WORKDIR /build

# Resolve dependencies in a layer of their own, so that editing sources does not fetch them again.
# Package.resolved is not in git; when the build context has one, the pinned versions are used,
# otherwise the newest versions Package.swift allows.
COPY ./Package.* ./
RUN swift package resolve

# Tests come along only because SwiftPM refuses a manifest whose test targets have no sources.
COPY ./Sources ./Sources
COPY ./Tests ./Tests

# Static Swift runtime and Foundation: the runtime image needs no Swift libraries at all.
RUN swift build -c release --static-swift-stdlib --product jitaccess

# Stage the binary and Swift's crash backtracer (a crash then prints a symbolicated stack to the log).
WORKDIR /staging
RUN cp "$(swift build --package-path /build -c release --show-bin-path)/jitaccess" ./jitaccess \
    && cp /usr/libexec/swift/linux/swift-backtrace-static ./swift-backtrace-static

# ---------------------------------------------------------------------------------------------
FROM ${RUNTIME_IMAGE}

# ca-certificates: TLS to Google's APIs and to the SMTP server (BoringSSL in swift-nio-ssl reads the
# system trust store). tzdata: the system's zone files, for anything that reads them (zone names in
# NOTIFICATION_TIMEZONE resolve from the ICU data linked into the binary). The binary's only shared
# libraries are libc, libm, libstdc++ and libgcc_s, all in the base image: no source imports
# FoundationNetworking or FoundationXML, so neither libcurl nor libxml2 is needed.
# Versions are not pinned on purpose: each build should pick up the base image's security fixes.
# hadolint ignore=DL3008
RUN export DEBIAN_FRONTEND=noninteractive \
    && apt-get -q update \
    && apt-get -q install -y --no-install-recommends ca-certificates tzdata \
    && rm -rf /var/lib/apt/lists/*

# An unprivileged user; its home is the working directory, so `jitaccess demo` can create
# ./jitaccess-data there. A numeric id, so that a platform can verify it is not root.
RUN useradd --system --uid 10001 --user-group --create-home --home-dir /var/lib/jitaccess \
        --shell /usr/sbin/nologin jitaccess

COPY --from=build /staging/jitaccess /usr/local/bin/jitaccess
COPY --from=build /staging/swift-backtrace-static /usr/libexec/swift/linux/swift-backtrace-static

USER 10001
WORKDIR /var/lib/jitaccess

ENV SWIFT_BACKTRACE=enable=yes,sanitize=yes,threads=all,images=all,interactive=no,swift-backtrace=/usr/libexec/swift/linux/swift-backtrace-static

# Cloud Run tells the container which port to listen on through PORT (8080 unless configured).
ENV PORT=8080
EXPOSE 8080

# No HEALTHCHECK: Cloud Run probes the service itself; docs/deployment.md configures /health/ready
# as the startup probe.

# Exec form, so jitaccess is PID 1 and receives Cloud Run's SIGTERM directly.
ENTRYPOINT ["/usr/local/bin/jitaccess"]
# The production service: Google Cloud backend, IAP sign-in, listening on PORT on all addresses;
# its settings come from the environment (docs/deployment.md).
CMD ["serve"]
