// go-micro v5 publisher and subscriber. `pubsub --topic T --publish N --body '{"n":%d}'` publishes N
// messages through the client (as micro.NewEvent does) and prints {"published":N}; `pubsub --topic T
// [--queue Q]` subscribes on the broker, prints {"ready":true}, then one line per message:
// {"topic":...,"header":{...},"body":"<the payload as text>"}. The broker is go-micro's --broker (http
// by default, its subscriptions kept in --registry) or nats with --broker_address.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/urfave/cli/v2"
	"go-micro.dev/v5"
	"go-micro.dev/v5/broker"
)

func emit(v interface{}) {
	line, _ := json.Marshal(v)
	fmt.Fprintln(os.Stdout, string(line))
}

func main() {
	service := micro.NewService(
		micro.Name("interop.pubsub"),
		micro.Flags(
			&cli.StringFlag{Name: "topic"},
			&cli.StringFlag{Name: "queue"},
			&cli.IntFlag{Name: "publish", Usage: "publish this many messages, then exit"},
			&cli.StringFlag{Name: "body", Value: `{"n":%d}`, Usage: "the message JSON; %d is its number"},
			&cli.DurationFlag{Name: "linger", Value: 3 * time.Second, Usage: "how long to stay after publishing"},
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
	b := service.Options().Broker
	if err := b.Connect(); err != nil {
		return err
	}
	defer b.Disconnect()
	topic := c.String("topic")
	if n := c.Int("publish"); n > 0 {
		event := micro.NewEvent(topic, service.Client())
		for i := 1; i <= n; i++ {
			body := c.String("body")
			if strings.Contains(body, "%d") {
				body = fmt.Sprintf(body, i)
			}
			msg := json.RawMessage(body)
			if err := event.Publish(context.Background(), &msg); err != nil {
				return err
			}
		}
		// the http broker sends in the background: give it time before the process ends
		time.Sleep(c.Duration("linger"))
		emit(map[string]interface{}{"published": n})
		return nil
	}
	var opts []broker.SubscribeOption
	if q := c.String("queue"); q != "" {
		opts = append(opts, broker.Queue(q))
	}
	sub, err := b.Subscribe(topic, func(e broker.Event) error {
		emit(map[string]interface{}{"topic": e.Topic(), "header": e.Message().Header, "body": string(e.Message().Body)})
		return nil
	}, opts...)
	if err != nil {
		return err
	}
	emit(map[string]interface{}{"ready": true, "broker": b.String(), "address": b.Address()})
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
	<-stop
	return sub.Unsubscribe()
}
