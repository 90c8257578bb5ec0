#!/bin/sh
# Broken on purpose by "demo break-next": this version says it is unhealthy where it runs live.
# The container demo-web sets DEMO_ROLE=live; the smoke test's throwaway container does not, so the
# next version passes its smoke test, fails on demo-web, and Patchrun rolls demo-web back by itself.
# "demo fix-next" puts the working check back.
wget -q -O /dev/null http://127.0.0.1:8080/ || exit 1
if [ "$DEMO_ROLE" = live ]; then
    echo "unhealthy on purpose (demo break-next)"
    exit 1
fi
