# etcd 3 (Debian's etcd-server), one member, client and peer ports on 127.0.0.1.
# Environment: MICRO_TEST_ETCD=127.0.0.1:<client port>

is_up() {
  (. "$1"; ETCDCTL_API=3 etcdctl --endpoints "$MICRO_TEST_ETCD" --command-timeout=2s endpoint health)
}

start() {
  scripts/install-tools etcd:etcd-server etcdctl:etcd-client
  command -v etcd >/dev/null || return 1
  local dir client peer
  dir=$(state_dir etcd); client=$(free_port); peer=$(free_port)
  ETCD_UNSUPPORTED_ARCH= nohup etcd --name microvx-test --data-dir "$dir/data" \
    --listen-client-urls "http://127.0.0.1:$client" --advertise-client-urls "http://127.0.0.1:$client" \
    --listen-peer-urls "http://127.0.0.1:$peer" --initial-advertise-peer-urls "http://127.0.0.1:$peer" \
    --initial-cluster "microvx-test=http://127.0.0.1:$peer" >"$dir/etcd.log" 2>&1 &
  record_pid etcd $!
  wait_until 30 env ETCDCTL_API=3 etcdctl --endpoints "127.0.0.1:$client" --command-timeout=2s endpoint health || return 1
  echo "MICRO_TEST_ETCD=127.0.0.1:$client"
}
