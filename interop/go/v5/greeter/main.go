// The go-micro v5 greeter that the Java interop tests run beside Java services: an ordinary go-micro
// service, configured by go-micro's own flags and MICRO_* variables (--registry etcd
// --registry_address 127.0.0.1:2379, --broker nats --broker_address nats://127.0.0.1:4222, ...).
// It prints one JSON line when it serves: {"ready":true,"name":...,"id":...,"address":...}.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"time"

	"go-micro.dev/v5"
	"go-micro.dev/v5/errors"
	"go-micro.dev/v5/metadata"
)

// HelloRequest is {"name":"Ada"} in JSON and field 1 in protobuf: the struct tags make it a protobuf
// message without generated code, so Say.Hello answers application/json and application/protobuf.
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

type FailRequest struct {
	Code   int32  `json:"code"`
	Detail string `json:"detail"`
}

type Empty struct{}

type SlowRequest struct {
	Millis int64 `json:"millis"`
}

type SlowResponse struct {
	// what the handler's context had left when it started, -1 without a deadline
	DeadlineMillis int64 `json:"deadline_millis"`
}

type MetaResponse struct {
	Metadata map[string]string `json:"metadata"`
}

type Say struct{ name string }

// Hello greets, or fails with 400 without a name.
func (s *Say) Hello(ctx context.Context, req *HelloRequest, rsp *HelloResponse) error {
	if req.Name == "" {
		return errors.BadRequest(s.name, "a name is required")
	}
	rsp.Msg = "Hello " + req.Name
	return nil
}

// Fail returns the go-micro error it is asked for.
func (s *Say) Fail(ctx context.Context, req *FailRequest, rsp *Empty) error {
	return errors.New(s.name, req.Detail, req.Code)
}

// Slow waits req.Millis unless the caller's deadline (the Timeout header) passes first.
func (s *Say) Slow(ctx context.Context, req *SlowRequest, rsp *SlowResponse) error {
	rsp.DeadlineMillis = -1
	if deadline, ok := ctx.Deadline(); ok {
		rsp.DeadlineMillis = time.Until(deadline).Milliseconds()
	}
	select {
	case <-time.After(time.Duration(req.Millis) * time.Millisecond):
		return nil
	case <-ctx.Done():
		emit(map[string]interface{}{"cancelled": "Say.Slow", "after_deadline": rsp.DeadlineMillis})
		return errors.Timeout(s.name, "deadline passed")
	}
}

// Meta answers the call's metadata.
func (s *Say) Meta(ctx context.Context, req *Empty, rsp *MetaResponse) error {
	md, _ := metadata.FromContext(ctx)
	rsp.Metadata = map[string]string(md)
	return nil
}

// Proto is Say.Hello for protobuf callers, as Proto.Hello (the Java greeter has the same endpoint).
type Proto struct{ say *Say }

func (p *Proto) Hello(ctx context.Context, req *HelloRequest, rsp *HelloResponse) error {
	return p.say.Hello(ctx, req, rsp)
}

// Event is what the greeter's subscriber takes (GREETER_TOPIC): decoded by the message's Content-Type.
type Event struct {
	From string `json:"from"`
	N    int    `json:"n"`
}

func emit(v interface{}) {
	line, _ := json.Marshal(v)
	fmt.Fprintln(os.Stdout, string(line))
}

func main() {
	name := os.Getenv("GREETER_NAME")
	if name == "" {
		name = "greeter"
	}
	service := micro.NewService(
		micro.Name(name),
		micro.Version("go-v5"),
		micro.Address("127.0.0.1:0"),
		micro.RegisterTTL(30*time.Second),
		micro.RegisterInterval(10*time.Second),
	)
	service.Init(micro.AfterStart(func() error {
		opts := service.Server().Options()
		emit(map[string]interface{}{"ready": true, "name": opts.Name, "id": opts.Name + "-" + opts.Id, "address": opts.Address})
		return nil
	}))
	say := &Say{name: name}
	if err := micro.RegisterHandler(service.Server(), say); err != nil {
		panic(err)
	}
	if err := micro.RegisterHandler(service.Server(), &Proto{say: say}); err != nil {
		panic(err)
	}
	if topic := os.Getenv("GREETER_TOPIC"); topic != "" {
		// a server subscriber, as go-micro services take messages (routed by Micro-Topic)
		err := micro.RegisterSubscriber(topic, service.Server(), func(ctx context.Context, e *Event) error {
			md, _ := metadata.FromContext(ctx)
			emit(map[string]interface{}{"event": e, "topic": md["Micro-Topic"]})
			return nil
		})
		if err != nil {
			panic(err)
		}
	}
	if err := service.Run(); err != nil {
		emit(map[string]interface{}{"fatal": err.Error()})
		os.Exit(1)
	}
}
