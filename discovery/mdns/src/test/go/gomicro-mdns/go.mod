module microvx.io/test/gomicro-mdns

go 1.21

require github.com/micro/go-micro v1.18.0

require (
	github.com/google/uuid v1.1.1 // indirect
	github.com/micro/mdns v0.3.0 // indirect
	github.com/miekg/dns v1.1.22 // indirect
	golang.org/x/crypto v0.0.0-20191108234033-bd318be0434a // indirect
	golang.org/x/net v0.0.0-20191109021931-daa7c04131f5 // indirect
	golang.org/x/sys v0.0.0-20190924154521-2837fb4f24fe // indirect
)

// go-micro v1.18.0's go.mod names this version, which the module proxy no longer serves; nothing of it is built
replace github.com/micro/protoc-gen-micro v1.0.0 => ./stub/protoc-gen-micro
