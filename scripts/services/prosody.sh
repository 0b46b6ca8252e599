# Prosody (Debian's prosody), an XMPP server of its own for the bot's XMPP tests: its config, data, pid
# file and certificates folder are in its own folder; client connections on 127.0.0.1 only, without TLS
# (plain authentication is allowed there); one VirtualHost "localhost" with a multi-user chat component
# "conference.localhost"; users bot, ada and mallory, each with the password <name>-pw.
# Environment: MICRO_TEST_PROSODY=127.0.0.1:<port> (its XMPP domain is localhost)

is_up() {
  (. "$1"; answers "$MICRO_TEST_PROSODY")
}

start() {
  scripts/install-tools prosody:prosody
  command -v prosody >/dev/null || return 1
  local dir port s2s config
  dir=$(state_dir prosody); port=$(free_port); s2s=$(free_port)
  mkdir -p "$dir/data" "$dir/certs"
  config="$dir/prosody.cfg.lua"
  cat > "$config" <<CONFIG
pidfile = "$dir/prosody.pid"
data_path = "$dir/data"
certificates = "$dir/certs"
daemonize = false
run_as_root = true
interfaces = { "127.0.0.1" }
local_interfaces = { "127.0.0.1" }
c2s_ports = { $port }
s2s_ports = { $s2s }
http_ports = { }
https_ports = { }
c2s_require_encryption = false
s2s_require_encryption = false
allow_unencrypted_plain_auth = true
authentication = "internal_plain"
storage = "internal"
log = { info = "$dir/prosody.log" }
modules_enabled = { "roster"; "saslauth"; "disco"; "ping"; "posix"; "presence" }
VirtualHost "localhost"
Component "conference.localhost" "muc"
CONFIG
  nohup prosody --config "$config" -F >"$dir/console.log" 2>&1 </dev/null &
  record_pid prosody $!
  wait_until 30 answers "127.0.0.1:$port" || return 1
  for user in bot ada mallory; do
    prosodyctl --config "$config" register "$user" localhost "$user-pw" >>"$dir/console.log" 2>&1 || return 1
  done
  echo "MICRO_TEST_PROSODY=127.0.0.1:$port"
}
