#!/usr/bin/env bash
# The docker CLI with plain parallelism, the second baseline of Patchrun's patch-run benchmark: each level
# of the fleet built $2 at a time (xargs -P), the next level only when the whole level is done, then every
# container rolled over $3 at a time. The same engine work as Patchrun's, with no orchestrator in between.
# Reads the steps file named by $1 (see patch-fleet.sh; build lines carry their level as a fifth field).
# Prints how long each phase took, in milliseconds: "builds <ms>" and "rollovers <ms>".
set -euo pipefail

steps=$1
builds=$2
rollouts=$3
export DOCKER_BUILDKIT=0
now() { date +%s%3N; }

build() {
  if [ "$3" = pull ]; then
    docker build -q --pull -t "$1" "$2" </dev/null >/dev/null
  else
    docker build -q -t "$1" "$2" </dev/null >/dev/null
  fi
}
roll() {
  docker stop -t "$5" "$1" </dev/null >/dev/null
  docker rm "$1" </dev/null >/dev/null
  docker run -d --name "$1" -p "127.0.0.1:$3:8080" --label "$4" "$2" </dev/null >/dev/null
}
export -f build roll

start=$(now)
for level in $(awk '$1 == "build" { print $5 }' "$steps" | sort -un); do
  awk -v level="$level" '$1 == "build" && $5 == level { print $2, $3, $4 }' "$steps" \
    | xargs -P "$builds" -L 1 bash -c 'build "$@"' _
done
built=$(now)

awk '$1 == "roll" { print $2, $3, $4, $5, $6 }' "$steps" | xargs -P "$rollouts" -L 1 bash -c 'roll "$@"' _
end=$(now)

echo "builds $((built - start))"
echo "rollovers $((end - built))"
