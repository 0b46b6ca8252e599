// Command tagvectors writes go-micro's Consul tag encoding with Go's own libraries, as go-micro's
// registry/consul/encoding.go does it: hex(zlib(data)) with zlib.NewWriter (default level) and
// encoding/hex, the data being json.Marshal of {"k":"v"} (t-), of an endpoint (e-), or the version (v-).
//
//	go run tagvectors.go            prints one "kind<TAB>data<TAB>tag" line per vector
//	go run tagvectors.go decode TAG prints what a tag decodes to, as go-micro's decode does
//
// Standard library only, so it builds offline. ConsulTagsInteropTest runs it when Go is installed.
package main

import (
	"bytes"
	"compress/zlib"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
)

type value struct {
	Name   string   `json:"name"`
	Type   string   `json:"type"`
	Values []*value `json:"values"`
}

type endpoint struct {
	Name     string            `json:"name"`
	Request  *value            `json:"request"`
	Response *value            `json:"response"`
	Metadata map[string]string `json:"metadata"`
}

func encode(buf []byte) string {
	var b bytes.Buffer
	w := zlib.NewWriter(&b)
	w.Write(buf)
	w.Close()
	return hex.EncodeToString(b.Bytes())
}

func decode(d string) ([]byte, error) {
	hr, err := hex.DecodeString(d)
	if err != nil {
		return nil, err
	}
	zr, err := zlib.NewReader(bytes.NewReader(hr))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(zr)
}

func main() {
	if len(os.Args) == 3 && os.Args[1] == "decode" {
		tag := os.Args[2]
		out, err := decode(tag[2:])
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Stdout.Write(out)
		return
	}
	md, _ := json.Marshal(map[string]string{"transport": "http"})
	fmt.Printf("t\t%s\tt-%s\n", md, encode(md))
	ep, _ := json.Marshal(&endpoint{
		Name:     "Greeter.Hello",
		Request:  &value{Name: "Request", Type: "Request", Values: []*value{{Name: "name", Type: "string"}}},
		Response: &value{Name: "Response", Type: "Response", Values: []*value{{Name: "greeting", Type: "string"}}},
		Metadata: map[string]string{"stream": "true"},
	})
	fmt.Printf("e\t%s\te-%s\n", ep, encode(ep))
	fmt.Printf("v\t%s\tv-%s\n", "1.0.0", encode([]byte("1.0.0")))
}
