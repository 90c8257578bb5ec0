#!/usr/bin/env bash
# The plain way to patch a fleet, the baseline of Patchrun's patch-run benchmark: the docker CLI, one step
# after another, no parallelism, no health gate. Reads its steps from the file named by $1, one per line:
#   build <image> <context folder> pull|local <level>
#                                                  docker build -t <image> (--pull for images FROM an upstream base)
#   roll <container> <image> <host port> <label> <stop seconds>
#                                                  docker stop, docker rm, docker run with the same configuration
# Every build line runs first, in file order (the file lists the images in dependency order), then every roll
# line. Prints how long each phase took, in milliseconds: "builds <ms>" and "rollovers <ms>".
set -euo pipefail

steps=$1
export DOCKER_BUILDKIT=0
now() { date +%s%3N; }

start=$(now)
while read -r kind image context pull _level; do
  [ "$kind" = build ] || continue
  if [ "$pull" = pull ]; then
    docker build -q --pull -t "$image" "$context" </dev/null >/dev/null
  else
    docker build -q -t "$image" "$context" </dev/null >/dev/null
  fi
done <"$steps"
built=$(now)

while read -r kind container image port label stop; do
  [ "$kind" = roll ] || continue
  docker stop -t "$stop" "$container" </dev/null >/dev/null
  docker rm "$container" </dev/null >/dev/null
  docker run -d --name "$container" -p "127.0.0.1:$port:8080" --label "$label" "$image" </dev/null >/dev/null
done <"$steps"
end=$(now)

echo "builds $((built - start))"
echo "rollovers $((end - built))"
