# Apache Kafka 4.4 in KRaft mode, one node acting as broker and controller, both listeners on 127.0.0.1.
# Its jars come from Maven Central through a pom of its own (scripts/services/kafka/pom.xml, which keeps
# the Vert.x BOM's older kafka-clients and log4j away from the server), copied once into a cache folder
# and reused; the server runs from there as a separate java process, never on the project's class path.
# Environment: MICRO_TEST_KAFKA=127.0.0.1:<port>, MICRO_TEST_KAFKA_LIB=<folder of the server's jars>
# (tests that restart a Kafka start one of their own from it).

KAFKA_VERSION=4.4.0

kafka_lib() {
  echo "${MICROVX_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/microvx}/kafka-$KAFKA_VERSION/lib"
}

# copies the server's jars into the cache folder unless they are there: offline first, then from Maven
# Central; into a temporary folder renamed at the end, so an interrupted copy is never taken for a cache
kafka_fetch() {
  local lib tmp
  lib=$(kafka_lib)
  [ -f "$lib/kafka_2.13-$KAFKA_VERSION.jar" ] && return 0
  command -v mvn >/dev/null || { echo "kafka: mvn is needed to fetch the server's jars" >&2; return 1; }
  tmp="$lib.tmp.$$"
  rm -rf "$tmp" && mkdir -p "$(dirname "$lib")"
  # offline first; then online, twice, since one refused download must not cost the run its Kafka
  for offline in -o "" ""; do
    if mvn -B -q $offline -f scripts/services/kafka/pom.xml dependency:copy-dependencies \
        -DincludeScope=runtime -DoutputDirectory="$tmp" >&2; then
      rm -rf "$lib" && mv "$tmp" "$lib" && return 0
    fi
  done
  rm -rf "$tmp"
  return 1
}

kafka_answers() {
  python3 scripts/services/kafka/metadata.py "$1"
}

is_up() {
  (. "$1"; kafka_answers "$MICRO_TEST_KAFKA")
}

start() {
  command -v java >/dev/null || { echo "kafka: java is needed" >&2; return 1; }
  kafka_fetch || return 1
  local dir lib port controller cluster
  dir=$(state_dir kafka); lib=$(kafka_lib); port=$(free_port); controller=$(free_port)
  cluster=$(python3 -c 'import base64, uuid; print(base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("="))')
  cat > "$dir/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$dir/data
num.partitions=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=4
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
PROPS
  local java_opts=(-Xmx512m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn)
  # the one-shot format tool starts faster with the quick compiler only
  java "${java_opts[@]}" -XX:TieredStopAtLevel=1 -cp "$lib/*" kafka.tools.StorageTool format -t "$cluster" \
    -c "$dir/server.properties" >"$dir/format.log" 2>&1 || { cat "$dir/format.log" >&2; return 1; }
  nohup java "${java_opts[@]}" -cp "$lib/*" kafka.Kafka "$dir/server.properties" >"$dir/kafka.log" 2>&1 </dev/null &
  record_pid kafka $!
  wait_until 120 kafka_answers "127.0.0.1:$port" || { tail -20 "$dir/kafka.log" >&2; return 1; }
  echo "MICRO_TEST_KAFKA=127.0.0.1:$port"
  echo "MICRO_TEST_KAFKA_LIB=$lib"
}
