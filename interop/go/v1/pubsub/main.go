// go-micro v1.18 publisher and subscriber (flags as the v5 one; see ../peer for the broker's).
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/micro/go-micro/broker"
	"github.com/micro/go-micro/client"
	"microvx.io/interop/v1/peer"
)

var (
	topic   = flag.String("topic", "", "the topic")
	queue   = flag.String("queue", "", "the queue group")
	publish = flag.Int("publish", 0, "publish this many messages, then exit")
	body    = flag.String("body", `{"n":%d}`, "the message JSON; %d is its number")
	linger  = flag.Duration("linger", 3*time.Second, "how long to stay after publishing")
)

func main() {
	parts := peer.Setup()
	b := parts.Broker
	if err := b.Connect(); err != nil {
		peer.Fatal(err)
	}
	defer b.Disconnect()
	if *publish > 0 {
		// v1.18 encodes publications with the client's content type, protobuf unless told
		cl := parts.Client(client.ContentType("application/json"))
		for i := 1; i <= *publish; i++ {
			text := *body
			if strings.Contains(text, "%d") {
				text = fmt.Sprintf(text, i)
			}
			msg := json.RawMessage(text)
			if err := cl.Publish(context.Background(), cl.NewMessage(*topic, &msg)); err != nil {
				peer.Fatal(err)
			}
		}
		// the http broker sends in the background: give it time before the process ends
		time.Sleep(*linger)
		peer.Emit(map[string]interface{}{"published": *publish})
		return
	}
	var opts []broker.SubscribeOption
	if *queue != "" {
		opts = append(opts, broker.Queue(*queue))
	}
	sub, err := b.Subscribe(*topic, func(e broker.Event) error {
		peer.Emit(map[string]interface{}{"topic": e.Topic(), "header": e.Message().Header, "body": string(e.Message().Body)})
		return nil
	}, opts...)
	if err != nil {
		peer.Fatal(err)
	}
	peer.Emit(map[string]interface{}{"ready": true, "broker": b.String(), "address": b.Address()})
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
	<-stop
	sub.Unsubscribe()
}
