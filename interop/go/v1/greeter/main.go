// The go-micro v1.18 greeter the Java interop tests run beside Java services (see ../peer for its
// flags). It prints one JSON line when it serves: {"ready":true,"name":...,"id":...,"address":...}.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/micro/go-micro/errors"
	"github.com/micro/go-micro/metadata"
	"github.com/micro/go-micro/server"
	"microvx.io/interop/v1/peer"
)

type FailRequest struct {
	Code   int32  `json:"code"`
	Detail string `json:"detail"`
}

type Empty struct{}

type SlowRequest struct {
	Millis int64 `json:"millis"`
}

type SlowResponse struct {
	DeadlineMillis int64 `json:"deadline_millis"`
}

type MetaResponse struct {
	Metadata map[string]string `json:"metadata"`
}

// Event is what the greeter's subscriber takes (GREETER_TOPIC): decoded by the message's Content-Type.
type Event struct {
	From string `json:"from"`
	N    int    `json:"n"`
}

type Say struct{ name string }

func (s *Say) Hello(ctx context.Context, req *peer.HelloRequest, rsp *peer.HelloResponse) error {
	if req.Name == "" {
		return errors.BadRequest(s.name, "a name is required")
	}
	rsp.Msg = "Hello " + req.Name
	return nil
}

func (s *Say) Fail(ctx context.Context, req *FailRequest, rsp *Empty) error {
	return errors.New(s.name, req.Detail, req.Code)
}

func (s *Say) Slow(ctx context.Context, req *SlowRequest, rsp *SlowResponse) error {
	rsp.DeadlineMillis = -1
	if deadline, ok := ctx.Deadline(); ok {
		rsp.DeadlineMillis = time.Until(deadline).Milliseconds()
	}
	select {
	case <-time.After(time.Duration(req.Millis) * time.Millisecond):
		return nil
	case <-ctx.Done():
		peer.Emit(map[string]interface{}{"cancelled": "Say.Slow", "after_deadline": rsp.DeadlineMillis})
		return errors.Timeout(s.name, "deadline passed")
	}
}

func (s *Say) Meta(ctx context.Context, req *Empty, rsp *MetaResponse) error {
	md, _ := metadata.FromContext(ctx)
	rsp.Metadata = map[string]string(md)
	return nil
}

type Proto struct{ say *Say }

func (p *Proto) Hello(ctx context.Context, req *peer.HelloRequest, rsp *peer.HelloResponse) error {
	return p.say.Hello(ctx, req, rsp)
}

func main() {
	parts := peer.Setup()
	name := os.Getenv("GREETER_NAME")
	if name == "" {
		name = "greeter"
	}
	if err := parts.Broker.Connect(); err != nil {
		peer.Fatal(err)
	}
	srv := server.NewServer(
		server.Name(name),
		server.Version("go-v1"),
		server.Address("127.0.0.1:0"),
		server.Registry(parts.Registry),
		server.Broker(parts.Broker),
		server.Transport(parts.Transport),
		server.RegisterTTL(30*time.Second),
		server.RegisterInterval(10*time.Second),
	)
	say := &Say{name: name}
	if err := srv.Handle(srv.NewHandler(say)); err != nil {
		peer.Fatal(err)
	}
	if err := srv.Handle(srv.NewHandler(&Proto{say: say})); err != nil {
		peer.Fatal(err)
	}
	if topic := os.Getenv("GREETER_TOPIC"); topic != "" {
		// a server subscriber, as go-micro services take messages (routed by Micro-Topic)
		err := srv.Subscribe(srv.NewSubscriber(topic, func(ctx context.Context, e *Event) error {
			md, _ := metadata.FromContext(ctx)
			peer.Emit(map[string]interface{}{"event": e, "topic": md["Micro-Topic"]})
			return nil
		}))
		if err != nil {
			peer.Fatal(err)
		}
	}
	if err := srv.Start(); err != nil {
		peer.Fatal(err)
	}
	opts := srv.Options()
	peer.Emit(map[string]interface{}{"ready": true, "name": opts.Name, "id": opts.Name + "-" + opts.Id, "address": opts.Address})
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
	<-stop
	srv.Stop()
}
