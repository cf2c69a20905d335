# agentsim's container image: Debian 12, the CLI only (the bundled suite is compiled in), for
# sharded runs on CI matrices and Kubernetes (examples/ci/github-actions.yml,
# examples/k8s/indexed-job.yaml, docs/scaling.md).
#
#   docker build -t agentsim .
#   docker run --rm -v "$PWD:/work" agentsim run scenarios/ --shard 1/4
#
# Two stages: the build stage has the compiler and the -dev packages (the same Debian packages as
# scripts/install-deps.sh, less the test, benchmark, fuzzing and browser-lab ones); the image keeps
# only the binary and the two shared libraries it links beyond the C++ runtime.
FROM debian:12 AS build
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      build-essential cmake libboost-dev libfmt-dev librapidcheck-dev libyaml-cpp-dev libcli11-dev \
      nlohmann-json3-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DAGENTSIM_BUILD_TESTS=OFF -DAGENTSIM_BUILD_BENCH=OFF \
      -DAGENTSIM_LAB_TESTS=OFF \
 && cmake --build build -j"$(nproc)" --target agentsim \
 && build/agentsim validate scenarios/default

FROM debian:12-slim
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libyaml-cpp0.7 libfmt9 \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /src/build/agentsim /usr/local/bin/agentsim
# Scenario paths given to `agentsim run` are recorded relative to here; merge in the same place.
WORKDIR /work
ENTRYPOINT ["agentsim"]
CMD ["run", "--help"]
