# Prometheus (Debian's package; its systemd service is never started), on 127.0.0.1, scraping every second
# whatever targets the tests write into its targets folder (file-based discovery: one JSON file per test,
# [{"targets":["127.0.0.1:<port>"],"labels":{...}}], picked up within a second or so).
# Environment: MICRO_TEST_PROMETHEUS=127.0.0.1:<port>, MICRO_TEST_PROMETHEUS_TARGETS=<folder>

is_up() {
  (. "$1"; curl -sf "http://$MICRO_TEST_PROMETHEUS/-/ready" && [ -d "$MICRO_TEST_PROMETHEUS_TARGETS" ])
}

start() {
  scripts/install-tools prometheus
  command -v prometheus >/dev/null || return 1
  local dir port
  dir=$(state_dir prometheus); port=$(free_port)
  mkdir -p "$dir/targets"
  cat > "$dir/prometheus.yml" <<YML
global:
  scrape_interval: 1s
  scrape_timeout: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: micro
    file_sd_configs:
      - files: ['$dir/targets/*.json']
        refresh_interval: 1s
YML
  nohup prometheus --config.file="$dir/prometheus.yml" --storage.tsdb.path="$dir/data" \
    --web.listen-address="127.0.0.1:$port" >"$dir/prometheus.log" 2>&1 &
  record_pid prometheus $!
  wait_until 60 curl -sf "http://127.0.0.1:$port/-/ready" || return 1
  echo "MICRO_TEST_PROMETHEUS=127.0.0.1:$port"
  echo "MICRO_TEST_PROMETHEUS_TARGETS=$dir/targets"
}
