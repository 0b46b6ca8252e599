# nats-server with JetStream, storage in its own folder, client and monitoring ports on 127.0.0.1.
# Environment: MICRO_TEST_NATS=nats://127.0.0.1:<port>, MICRO_TEST_NATS_MONITOR=http://127.0.0.1:<port>

is_up() {
  (. "$1"; curl -sf "$MICRO_TEST_NATS_MONITOR/healthz?js-enabled-only=true")
}

start() {
  scripts/install-tools nats-server
  command -v nats-server >/dev/null || return 1
  local dir port monitor
  dir=$(state_dir nats); port=$(free_port); monitor=$(free_port)
  nohup nats-server -a 127.0.0.1 -p "$port" -m "$monitor" -js -sd "$dir/jetstream" >"$dir/nats.log" 2>&1 &
  record_pid nats $!
  wait_until 30 curl -sf "http://127.0.0.1:$monitor/healthz?js-enabled-only=true" || return 1
  echo "MICRO_TEST_NATS=nats://127.0.0.1:$port"
  echo "MICRO_TEST_NATS_MONITOR=http://127.0.0.1:$monitor"
}
