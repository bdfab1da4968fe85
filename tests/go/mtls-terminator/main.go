// A stand-in for Temporal's frontend TLS, for tcerts' tests: Go's crypto/tls and
// crypto/x509 (standard library only) judging certificates exactly as Temporal's Go
// server, CLI and Go SDK do.
//
//	mtls-terminator serve -listen 127.0.0.1:PORT -cert CHAIN.pem -key KEY.pem \
//	    -client-ca CAS.pem -upstream 127.0.0.1:PORT
//
// terminates TLS like the frontend (tls.RequireAndVerifyClientCert, ClientCAs from
// CAS.pem: any certificate of that pool is a trust anchor, root or not; ALPN h2) and
// pipes the decrypted bytes to a plaintext gRPC server (temporal server start-dev).
// Every refused handshake is logged on stderr as "handshake refused: ERROR".
//
//	mtls-terminator verify -roots ROOTS.pem [-intermediates CHAIN.pem] -cert LEAF.pem \
//	    -usage client|server [-dns NAME]
//
// runs x509.Certificate.Verify with those roots, intermediates and key usage; prints
// "ok" and exits 0, or prints the error and exits 1 (2 for unreadable input).
package main

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"sync"
	"time"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: mtls-terminator serve|verify ...")
		os.Exit(2)
	}
	switch os.Args[1] {
	case "serve":
		serve(os.Args[2:])
	case "verify":
		verify(os.Args[2:])
	default:
		fmt.Fprintf(os.Stderr, "unknown mode %q\n", os.Args[1])
		os.Exit(2)
	}
}

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, format+"\n", args...)
	os.Exit(2)
}

func pool(path string) *x509.CertPool {
	data, err := os.ReadFile(path)
	if err != nil {
		fail("%s: %v", path, err)
	}
	p := x509.NewCertPool()
	if !p.AppendCertsFromPEM(data) {
		fail("%s: no PEM certificate", path)
	}
	return p
}

func certs(path string) []*x509.Certificate {
	data, err := os.ReadFile(path)
	if err != nil {
		fail("%s: %v", path, err)
	}
	var out []*x509.Certificate
	for {
		var block *pem.Block
		block, data = pem.Decode(data)
		if block == nil {
			break
		}
		if block.Type != "CERTIFICATE" {
			continue
		}
		c, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			fail("%s: %v", path, err)
		}
		out = append(out, c)
	}
	if len(out) == 0 {
		fail("%s: no PEM certificate", path)
	}
	return out
}

func serve(args []string) {
	fs := flag.NewFlagSet("serve", flag.ExitOnError)
	listen := fs.String("listen", "127.0.0.1:0", "address to listen on")
	certFile := fs.String("cert", "", "server chain (leaf first)")
	keyFile := fs.String("key", "", "server key")
	clientCA := fs.String("client-ca", "", "PEM file of accepted client CAs (clientCaFiles)")
	upstream := fs.String("upstream", "", "plaintext upstream host:port")
	fs.Parse(args)
	cert, err := tls.LoadX509KeyPair(*certFile, *keyFile)
	if err != nil {
		fail("server certificate: %v", err)
	}
	config := &tls.Config{
		Certificates: []tls.Certificate{cert},
		ClientAuth:   tls.RequireAndVerifyClientCert,
		ClientCAs:    pool(*clientCA),
		NextProtos:   []string{"h2"},
		MinVersion:   tls.VersionTLS12,
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		fail("listen %s: %v", *listen, err)
	}
	fmt.Printf("listening on %s\n", ln.Addr())
	for {
		conn, err := ln.Accept()
		if err != nil {
			fail("accept: %v", err)
		}
		go handle(conn, config, *upstream)
	}
}

func handle(raw net.Conn, config *tls.Config, upstream string) {
	defer raw.Close()
	conn := tls.Server(raw, config)
	raw.SetDeadline(time.Now().Add(10 * time.Second))
	if err := conn.Handshake(); err != nil {
		fmt.Fprintf(os.Stderr, "handshake refused: %v\n", err)
		return
	}
	raw.SetDeadline(time.Time{})
	state := conn.ConnectionState()
	if len(state.PeerCertificates) > 0 {
		fmt.Fprintf(os.Stderr, "accepted client %s\n", state.PeerCertificates[0].Subject)
	}
	up, err := net.Dial("tcp", upstream)
	if err != nil {
		fmt.Fprintf(os.Stderr, "upstream %s: %v\n", upstream, err)
		return
	}
	defer up.Close()
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		io.Copy(up, conn)
		if tcp, ok := up.(*net.TCPConn); ok {
			tcp.CloseWrite()
		}
	}()
	go func() {
		defer wg.Done()
		io.Copy(conn, up)
		conn.CloseWrite()
	}()
	wg.Wait()
}

func verify(args []string) {
	fs := flag.NewFlagSet("verify", flag.ExitOnError)
	roots := fs.String("roots", "", "PEM file of trust anchors")
	inter := fs.String("intermediates", "", "PEM file the peer sends along (optional)")
	certFile := fs.String("cert", "", "the leaf (first certificate of the file)")
	usage := fs.String("usage", "client", "client or server")
	dns := fs.String("dns", "", "name to check (server)")
	fs.Parse(args)
	opts := x509.VerifyOptions{Roots: pool(*roots), Intermediates: x509.NewCertPool(), DNSName: *dns}
	switch *usage {
	case "client":
		opts.KeyUsages = []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}
	case "server":
		opts.KeyUsages = []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}
	default:
		fail("-usage must be client or server")
	}
	if *inter != "" {
		for _, c := range certs(*inter) {
			opts.Intermediates.AddCert(c)
		}
	}
	leaf := certs(*certFile)[0]
	if _, err := leaf.Verify(opts); err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
	fmt.Println("ok")
}
