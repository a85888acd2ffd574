#!/bin/sh
# e2e: offline commands never load libcurl (and its 30-odd libraries);
# a live source loads it on first use (curl_api.h).  Uses the dynamic
# loader's own log (LD_DEBUG=files), so it needs glibc's ld.so.
set -u
top=${DRIFT_TOP:?}
bin=${DRIFT_BIN:?}
cd "$top" || exit 1
fails=0
ex=fixtures/example

loads_curl() { # command... : 0 when the run loaded libcurl
	LD_DEBUG=files "$bin" "$@" 2>&1 >/dev/null | grep -q 'file=libcurl'
}

if ! LD_DEBUG=files "$bin" --version 2>&1 >/dev/null | grep -q 'file='; then
	echo "lazy_curl: LD_DEBUG not supported here, skipping"
	exit 77
fi
for args in "--version" "rules" "rules field-removed" \
    "diff $ex/schema.yaml $ex/live.yaml" \
    "diff --format sarif $ex/schema.yaml $ex/live.yaml"; do
	# shellcheck disable=SC2086
	if loads_curl $args; then
		echo "not ok - '$args' loaded libcurl"
		fails=$((fails + 1))
	else
		echo "ok - '$args' runs without libcurl"
	fi
done
# a live source does load it (the connection itself is refused: port 9 on
# 127.0.0.1, no retries)
if DIRECTUS_TOKEN=x loads_curl diff --retries 0 --timeout 2 \
    "$ex/schema.yaml" http://127.0.0.1:9; then
	echo "ok - a live source loads libcurl"
else
	echo "not ok - a live source did not load libcurl"
	fails=$((fails + 1))
fi
echo "lazy_curl: $fails failures"
[ "$fails" -eq 0 ]
