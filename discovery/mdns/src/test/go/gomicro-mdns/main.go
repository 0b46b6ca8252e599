// A go-micro v1.18 service's view of the mdns registry, for MdnsGoMicroInteropTest: go-micro's own mdns
// registry, run inside a network namespace of the test's.
//
//	gomicro-mdns register SERVICE ID ADDRESS   registers, prints "registered", deregisters at the end of the input
//	gomicro-mdns lookup SERVICE                prints "found JSON" (GetService) until it finds a node, for 30 s
//	gomicro-mdns watch SERVICE                 prints "watching", then "event ACTION JSON" per result
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/micro/go-micro/registry"
)

func main() {
	r := registry.NewRegistry(registry.Timeout(time.Second))
	name := os.Args[2]
	switch os.Args[1] {
	case "register":
		service := &registry.Service{
			Name:    name,
			Version: "1.0-go",
			Endpoints: []*registry.Endpoint{{
				Name:     "Greeter.Hello",
				Request:  &registry.Value{Name: "Request", Type: "Request", Values: []*registry.Value{{Name: "name", Type: "string"}}},
				Response: &registry.Value{Name: "Response", Type: "Response"},
				Metadata: map[string]string{"stream": "false"},
			}},
			Nodes: []*registry.Node{{Id: os.Args[3], Address: os.Args[4], Metadata: map[string]string{"from": "go"}}},
		}
		if err := r.Register(service); err != nil {
			fmt.Println("failed", err)
			os.Exit(1)
		}
		fmt.Println("registered")
		in := bufio.NewScanner(os.Stdin)
		for in.Scan() {
		}
		r.Deregister(service)
		fmt.Println("stopped")
	case "lookup":
		deadline := time.Now().Add(30 * time.Second)
		for {
			services, err := r.GetService(name)
			if err != nil {
				fmt.Println("failed", err)
				os.Exit(1)
			}
			if len(services) > 0 || time.Now().After(deadline) {
				out, _ := json.Marshal(services)
				fmt.Println("found " + string(out))
				return
			}
		}
	case "watch":
		w, err := r.Watch(registry.WatchService(name))
		if err != nil {
			fmt.Println("failed", err)
			os.Exit(1)
		}
		fmt.Println("watching")
		for {
			result, err := w.Next()
			if err != nil {
				fmt.Println("failed", err)
				os.Exit(1)
			}
			out, _ := json.Marshal(result.Service)
			fmt.Println("event " + result.Action + " " + string(out))
		}
	}
}
