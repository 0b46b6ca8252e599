# RabbitMQ (Debian's rabbitmq-server), a node of its own: its name, AMQP port, distribution port, epmd
# and Erlang cookie are all its own, with state, logs and config in its own folder, so it never meets a
# RabbitMQ the machine runs. Everything binds 127.0.0.1; no plugins.
# Environment: MICRO_TEST_RABBITMQ=amqp://guest:guest@127.0.0.1:<port> (guest logs in from loopback only)

RABBITMQ_TEST_NODE=microvx-test@localhost

# the environment every rabbitmq command of this node runs with; $1 = state folder, $2 = epmd port
rabbitmq_env() {
  echo HOME="$1" ERL_EPMD_ADDRESS=127.0.0.1 ERL_EPMD_PORT="$2" RABBITMQ_NODENAME="$RABBITMQ_TEST_NODE"
}

is_up() {
  (. "$1"; env $(rabbitmq_env "$MICRO_TEST_RABBITMQ_DIR" "$MICRO_TEST_RABBITMQ_EPMD_PORT") \
    timeout 10 /usr/lib/rabbitmq/bin/rabbitmqctl -q -n "$RABBITMQ_TEST_NODE" await_startup --timeout 5)
}

start() {
  scripts/install-tools rabbitmq-server:rabbitmq-server
  [ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || return 1
  local dir port dist epmd_port
  dir=$(state_dir rabbitmq); port=$(free_port); dist=$(free_port); epmd_port=$(free_port)
  mkdir -p "$dir/mnesia" "$dir/log"
  : > "$dir/enabled_plugins"
  : > "$dir/rabbitmq.conf"
  # an epmd of its own, started here (not daemonised by erl) so that its PID is known and stopped with it
  nohup epmd -address 127.0.0.1 -port "$epmd_port" >"$dir/epmd.log" 2>&1 &
  record_pid rabbitmq $!
  wait_until 10 answers "127.0.0.1:$epmd_port" || return 1
  # Erlang's schedulers spin while idle: on a busy 2-core machine that made the start take minutes (+sbwt none)
  # the scripts in /usr/lib/rabbitmq/bin run as the caller (the ones in /usr/sbin switch to the rabbitmq
  # user); RUNNING_UNDER_SYSTEMD makes the script exec the Erlang VM, so $! is the server itself
  env $(rabbitmq_env "$dir" "$epmd_port") RUNNING_UNDER_SYSTEMD=true \
    RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT="$port" RABBITMQ_DIST_PORT="$dist" \
    RABBITMQ_MNESIA_BASE="$dir/mnesia" RABBITMQ_LOG_BASE="$dir/log" RABBITMQ_CONFIG_FILE="$dir/rabbitmq.conf" \
    RABBITMQ_ADVANCED_CONFIG_FILE="$dir/advanced.config" RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins" \
    RABBITMQ_PID_FILE="$dir/rabbitmq.pid" RABBITMQ_SERVER_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1} +sbwt none +sbwtdcpu none +sbwtdio none" \
    nohup /usr/lib/rabbitmq/bin/rabbitmq-server >"$dir/rabbitmq.log" 2>&1 </dev/null &
  record_pid rabbitmq $!
  # await_startup fails at once while the node is not registered yet: wait for its AMQP port first
  wait_until 240 answers "127.0.0.1:$port" || return 1
  env $(rabbitmq_env "$dir" "$epmd_port") timeout 240 \
    /usr/lib/rabbitmq/bin/rabbitmqctl -q -n "$RABBITMQ_TEST_NODE" await_startup --timeout 230 >/dev/null || return 1
  echo "MICRO_TEST_RABBITMQ=amqp://guest:guest@127.0.0.1:$port"
  echo "MICRO_TEST_RABBITMQ_DIR=$dir"
  echo "MICRO_TEST_RABBITMQ_EPMD_PORT=$epmd_port"
}
