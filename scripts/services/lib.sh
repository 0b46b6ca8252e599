# Shared by scripts/services/*: where a started server keeps its state, free ports, waiting, PIDs.
# A service script is sourced with SERVICES_DIR set (by scripts/services/start); it starts its server
# bound to 127.0.0.1 only, records each PID it started with record_pid, and prints the environment a
# test reads (NAME=value lines) on stdout.

# a loopback port nobody listens on now, chosen by the system
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# state folder of one service, fresh for each start
state_dir() {
  local dir="$SERVICES_DIR/$1"
  rm -rf "$dir" && mkdir -p "$dir" && echo "$dir"
}

record_pid() {
  echo "$2" >> "$SERVICES_DIR/$1.pids"
}

# wait_until SECONDS COMMAND...: runs COMMAND every 0.2 s until it succeeds; fails after SECONDS
wait_until() {
  local deadline=$((SECONDS + $1)); shift
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -ge $deadline ] && return 1
    sleep 0.2
  done
}

# whether something answers on a TCP address host:port
answers() {
  local host=${1%:*} port=${1##*:}
  (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null
}
