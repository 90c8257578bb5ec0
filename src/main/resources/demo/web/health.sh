#!/bin/sh
# The health check of demo/web: healthy while its page answers.
wget -q -O /dev/null http://127.0.0.1:8080/
