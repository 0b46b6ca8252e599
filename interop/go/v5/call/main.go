// A go-micro v5 client: calls one endpoint of a named service (through the registry, or at --address)
// and prints one JSON line, {"reply":<the reply>} or {"error":<go-micro's error JSON>}. With --list it
// prints the registry's services instead, each with its endpoints and nodes. Registry, broker and
// transport come from go-micro's own flags and MICRO_* variables.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/urfave/cli/v2"
	"go-micro.dev/v5"
	"go-micro.dev/v5/client"
	"go-micro.dev/v5/errors"
	"go-micro.dev/v5/metadata"
	"go-micro.dev/v5/registry"
)

// HelloRequest and HelloResponse: protobuf messages by struct tags (field 1), as in the greeter.
type HelloRequest struct {
	Name string `protobuf:"bytes,1,opt,name=name,proto3" json:"name,omitempty"`
}

func (m *HelloRequest) Reset()         { *m = HelloRequest{} }
func (m *HelloRequest) String() string { return m.Name }
func (*HelloRequest) ProtoMessage()    {}

type HelloResponse struct {
	Msg string `protobuf:"bytes,1,opt,name=msg,proto3" json:"msg,omitempty"`
}

func (m *HelloResponse) Reset()         { *m = HelloResponse{} }
func (m *HelloResponse) String() string { return m.Msg }
func (*HelloResponse) ProtoMessage()    {}

func emit(v interface{}) {
	line, _ := json.Marshal(v)
	fmt.Fprintln(os.Stdout, string(line))
}

func fail(err error) {
	emit(map[string]interface{}{"error": errors.Parse(err.Error())})
}

func main() {
	service := micro.NewService(
		micro.Name("interop.call"),
		micro.Flags(
			&cli.StringFlag{Name: "service", Usage: "the service to call"},
			&cli.StringFlag{Name: "endpoint", Value: "Say.Hello"},
			&cli.StringFlag{Name: "request", Value: "{}", Usage: "the request JSON (with --proto: {\"name\":...})"},
			&cli.StringFlag{Name: "address", Usage: "call this node (host:port) directly"},
			&cli.BoolFlag{Name: "proto", Usage: "send application/protobuf"},
			&cli.DurationFlag{Name: "timeout", Value: 5 * time.Second},
			&cli.StringSliceFlag{Name: "metadata", Usage: "Key=Value, repeatable"},
			&cli.BoolFlag{Name: "list", Usage: "print the registry's services"},
			&cli.BoolFlag{Name: "stream", Usage: "call the endpoint as a stream"},
		),
	)
	var run func() error
	service.Init(micro.Action(func(c *cli.Context) error {
		run = func() error { return act(service, c) }
		return nil
	}))
	if run == nil {
		os.Exit(2)
	}
	if err := run(); err != nil {
		emit(map[string]interface{}{"fatal": err.Error()})
		os.Exit(1)
	}
}

func act(service micro.Service, c *cli.Context) error {
	if c.Bool("list") {
		return list(service.Options().Registry)
	}
	ctx := context.Background()
	md := metadata.Metadata{}
	for _, kv := range c.StringSlice("metadata") {
		if k, v, ok := strings.Cut(kv, "="); ok {
			md[k] = v
		}
	}
	if len(md) > 0 {
		ctx = metadata.NewContext(ctx, md)
	}
	// v5 sends its connection timeout (5 s unless set) as the Timeout header, not the request timeout
	opts := []client.CallOption{client.WithRequestTimeout(c.Duration("timeout")),
		client.WithConnectionTimeout(c.Duration("timeout")), client.WithRetries(0)}
	if a := c.String("address"); a != "" {
		opts = append(opts, client.WithAddress(a))
	}
	cl := service.Client()
	if c.Bool("stream") {
		return stream(ctx, cl, c, opts)
	}
	if c.Bool("proto") {
		var in HelloRequest
		if err := json.Unmarshal([]byte(c.String("request")), &in); err != nil {
			return err
		}
		req := cl.NewRequest(c.String("service"), c.String("endpoint"), &in, client.WithContentType("application/protobuf"))
		var out HelloResponse
		if err := cl.Call(ctx, req, &out, opts...); err != nil {
			fail(err)
			return nil
		}
		emit(map[string]interface{}{"reply": map[string]string{"msg": out.Msg}})
		return nil
	}
	in := json.RawMessage(c.String("request"))
	req := cl.NewRequest(c.String("service"), c.String("endpoint"), &in, client.WithContentType("application/json"))
	var out json.RawMessage
	if err := cl.Call(ctx, req, &out, opts...); err != nil {
		fail(err)
		return nil
	}
	emit(map[string]interface{}{"reply": out})
	return nil
}

func stream(ctx context.Context, cl client.Client, c *cli.Context, opts []client.CallOption) error {
	in := json.RawMessage(c.String("request"))
	req := cl.NewRequest(c.String("service"), c.String("endpoint"), &in,
		client.WithContentType("application/json"), client.StreamingRequest())
	st, err := cl.Stream(ctx, req, opts...)
	if err != nil {
		fail(err)
		return nil
	}
	defer st.Close()
	if err := st.Send(&in); err != nil {
		fail(err)
		return nil
	}
	var replies []json.RawMessage
	for {
		var out json.RawMessage
		if err := st.Recv(&out); err != nil {
			if err.Error() == "EOS" || err.Error() == "EOF" {
				break
			}
			emit(map[string]interface{}{"replies": replies, "error": errors.Parse(err.Error())})
			return nil
		}
		replies = append(replies, out)
	}
	emit(map[string]interface{}{"replies": replies})
	return nil
}

func list(r registry.Registry) error {
	services, err := r.ListServices()
	if err != nil {
		return err
	}
	var out []*registry.Service
	for _, s := range services {
		full, err := r.GetService(s.Name)
		if err != nil {
			return err
		}
		out = append(out, full...)
	}
	emit(map[string]interface{}{"services": out})
	return nil
}
