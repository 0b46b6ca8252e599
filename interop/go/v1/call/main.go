// A go-micro v1.18 client: calls one endpoint of a named service (through the registry, or at
// --address) and prints one JSON line, {"reply":...} or {"error":<go-micro's error JSON>}; with --list
// it prints the registry's services with their endpoints and nodes. See ../peer for the other flags.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"strings"
	"time"

	"github.com/micro/go-micro/client"
	"github.com/micro/go-micro/errors"
	"github.com/micro/go-micro/metadata"
	"github.com/micro/go-micro/registry"
	"microvx.io/interop/v1/peer"
)

type metadataFlag []string

func (m *metadataFlag) String() string     { return strings.Join(*m, ",") }
func (m *metadataFlag) Set(v string) error { *m = append(*m, v); return nil }

var (
	service  = flag.String("service", "", "the service to call")
	endpoint = flag.String("endpoint", "Say.Hello", "the endpoint")
	request  = flag.String("request", "{}", "the request JSON (with --proto: {\"name\":...})")
	address  = flag.String("address", "", "call this node (host:port) directly")
	proto    = flag.Bool("proto", false, "send application/protobuf")
	timeout  = flag.Duration("timeout", 5*time.Second, "the request timeout")
	listOnly = flag.Bool("list", false, "print the registry's services")
	streamed = flag.Bool("stream", false, "call the endpoint as a stream")
	md       metadataFlag
)

func fail(err error) {
	peer.Emit(map[string]interface{}{"error": errors.Parse(err.Error())})
}

func main() {
	flag.Var(&md, "metadata", "Key=Value, repeatable")
	parts := peer.Setup()
	if *listOnly {
		list(parts.Registry)
		return
	}
	ctx := context.Background()
	meta := metadata.Metadata{}
	for _, kv := range md {
		if i := strings.Index(kv, "="); i > 0 {
			meta[kv[:i]] = kv[i+1:]
		}
	}
	if len(meta) > 0 {
		ctx = metadata.NewContext(ctx, meta)
	}
	opts := []client.CallOption{client.WithRequestTimeout(*timeout), client.WithRetries(0)}
	if *address != "" {
		opts = append(opts, client.WithAddress(*address))
	}
	cl := parts.Client()
	if *streamed {
		stream(ctx, cl, opts)
		return
	}
	if *proto {
		var in peer.HelloRequest
		if err := json.Unmarshal([]byte(*request), &in); err != nil {
			peer.Fatal(err)
		}
		req := cl.NewRequest(*service, *endpoint, &in, client.WithContentType("application/protobuf"))
		var out peer.HelloResponse
		if err := cl.Call(ctx, req, &out, opts...); err != nil {
			fail(err)
			return
		}
		peer.Emit(map[string]interface{}{"reply": map[string]string{"msg": out.Msg}})
		return
	}
	in := json.RawMessage(*request)
	req := cl.NewRequest(*service, *endpoint, &in, client.WithContentType("application/json"))
	var out json.RawMessage
	if err := cl.Call(ctx, req, &out, opts...); err != nil {
		fail(err)
		return
	}
	peer.Emit(map[string]interface{}{"reply": out})
}

func stream(ctx context.Context, cl client.Client, opts []client.CallOption) {
	in := json.RawMessage(*request)
	req := cl.NewRequest(*service, *endpoint, &in, client.WithContentType("application/json"), client.StreamingRequest())
	st, err := cl.Stream(ctx, req, opts...)
	if err != nil {
		fail(err)
		return
	}
	defer st.Close()
	if err := st.Send(&in); err != nil {
		fail(err)
		return
	}
	var replies []json.RawMessage
	for {
		var out json.RawMessage
		if err := st.Recv(&out); err != nil {
			if err.Error() == "EOS" || err.Error() == "EOF" {
				break
			}
			peer.Emit(map[string]interface{}{"replies": replies, "error": errors.Parse(err.Error())})
			return
		}
		replies = append(replies, out)
	}
	peer.Emit(map[string]interface{}{"replies": replies})
}

func list(r registry.Registry) {
	services, err := r.ListServices()
	if err != nil {
		peer.Fatal(err)
	}
	var out []*registry.Service
	for _, s := range services {
		full, err := r.GetService(s.Name)
		if err != nil {
			peer.Fatal(err)
		}
		out = append(out, full...)
	}
	peer.Emit(map[string]interface{}{"services": out})
}
