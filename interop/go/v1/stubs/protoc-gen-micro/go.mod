module github.com/micro/protoc-gen-micro
