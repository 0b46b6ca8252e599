// Package peer wires go-micro v1.18's parts by hand: its config/cmd and root micro packages import
// transport/quic, and quic-go v0.13.1, though it compiles with today's Go, panics at start-up
// ("qtls.ConnectionState not compatible with tls.ConnectionState"), so the peers take go-micro's flag names
// (--registry, --registry_address, --broker, --broker_address, or the MICRO_* variables) themselves.
package peer

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/micro/go-micro/broker"
	"github.com/micro/go-micro/broker/nats"
	"github.com/micro/go-micro/client"
	"github.com/micro/go-micro/client/selector"
	"github.com/micro/go-micro/registry"
	"github.com/micro/go-micro/registry/etcd"
	"github.com/micro/go-micro/registry/memory"
	"github.com/micro/go-micro/transport"
)

// HelloRequest is {"name":"Ada"} in JSON and field 1 in protobuf (a message by its struct tags).
type HelloRequest struct {
	Name string `protobuf:"bytes,1,opt,name=name,proto3" json:"name,omitempty"`
}

func (m *HelloRequest) Reset()         { *m = HelloRequest{} }
func (m *HelloRequest) String() string { return m.Name }
func (*HelloRequest) ProtoMessage()    {}

// HelloResponse is {"msg":"Hello Ada"}, field 1 in protobuf.
type HelloResponse struct {
	Msg string `protobuf:"bytes,1,opt,name=msg,proto3" json:"msg,omitempty"`
}

func (m *HelloResponse) Reset()         { *m = HelloResponse{} }
func (m *HelloResponse) String() string { return m.Msg }
func (*HelloResponse) ProtoMessage()    {}

// Parts are what a go-micro service is made of.
type Parts struct {
	Registry  registry.Registry
	Broker    broker.Broker
	Transport transport.Transport
}

var (
	registryName    = flag.String("registry", env("MICRO_REGISTRY", "memory"), "etcd or memory (mdns is not used by the tests)")
	registryAddress = flag.String("registry_address", env("MICRO_REGISTRY_ADDRESS", ""), "etcd address")
	brokerName      = flag.String("broker", env("MICRO_BROKER", "http"), "http or nats")
	brokerAddress   = flag.String("broker_address", env("MICRO_BROKER_ADDRESS", ""), "the broker's address")
)

func env(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}

// Setup parses the flags and makes the registry, broker and transport they name.
func Setup() Parts {
	flag.Parse()
	var p Parts
	var addrs []string
	if *registryAddress != "" {
		addrs = strings.Split(*registryAddress, ",")
	}
	switch *registryName {
	case "etcd":
		p.Registry = etcd.NewRegistry(registry.Addrs(addrs...))
	case "memory":
		p.Registry = memory.NewRegistry()
	default:
		Fatal(fmt.Errorf("registry %q: use etcd or memory", *registryName))
	}
	switch *brokerName {
	case "http":
		opts := []broker.Option{broker.Registry(p.Registry)}
		if *brokerAddress != "" {
			opts = append(opts, broker.Addrs(*brokerAddress))
		} else {
			opts = append(opts, broker.Addrs("127.0.0.1:0"))
		}
		p.Broker = broker.NewBroker(opts...)
	case "nats":
		p.Broker = nats.NewBroker(broker.Addrs(*brokerAddress))
	default:
		Fatal(fmt.Errorf("broker %q: use http or nats", *brokerName))
	}
	p.Transport = transport.NewTransport()
	return p
}

// Client is a go-micro client over the parts.
func (p Parts) Client(opts ...client.Option) client.Client {
	// v1.18's client.Registry does not reach the selector: give it one over the same registry
	all := append([]client.Option{client.Registry(p.Registry), client.Selector(selector.NewSelector(selector.Registry(p.Registry))),
		client.Broker(p.Broker), client.Transport(p.Transport)}, opts...)
	return client.NewClient(all...)
}

// Emit prints v as one JSON line.
func Emit(v interface{}) {
	line, _ := json.Marshal(v)
	fmt.Fprintln(os.Stdout, string(line))
}

// Fatal prints {"fatal":...} and exits 1.
func Fatal(err error) {
	Emit(map[string]interface{}{"fatal": err.Error()})
	os.Exit(1)
}
