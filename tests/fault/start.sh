# start.sh: sourced by e2e suites that need the fault-injection server.
#   fault_start DIR LIFETIME [--tls CERT KEY]
# starts tests/fault/server.py on 127.0.0.1 with the fixtures of
# fixtures/live, its port written to DIR/port, its stderr to
# DIR/stderr.log; sets $last to its pid.  The server exits by itself after
# LIFETIME seconds.  Later arguments go to server.py (a later --fixtures
# DIR wins).  Its standard output is /dev/null, so that a pipe the caller
# reads is never held open by it.  Needs $DRIFT_TOP; exits 1 when the
# server does not start within 10 s.
fault_start() {
	_fs_dir=$1
	_fs_life=$2
	shift 2
	mkdir -p "$_fs_dir"
	python3 "$DRIFT_TOP/tests/fault/server.py" --dir "$_fs_dir" \
	    --lifetime "$_fs_life" --fixtures "$DRIFT_TOP/fixtures/live" "$@" \
	    >/dev/null 2>"$_fs_dir/stderr.log" &
	last=$!
	_fs_i=0
	while [ ! -s "$_fs_dir/port" ] && [ $_fs_i -lt 200 ]; do
		sleep 0.05
		_fs_i=$((_fs_i + 1))
	done
	[ -s "$_fs_dir/port" ] || { echo "fault server did not start"; exit 1; }
}
