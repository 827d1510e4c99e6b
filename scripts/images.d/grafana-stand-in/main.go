// Command grafana-stand-in is NOT Grafana. It is a stand-in that
// scripts/images puts into the image named as the stack pins Grafana
// (docker.io/grafana/grafana:<version>, labelled
// io.observability-stack.stand-in=grafana), because Grafana itself cannot be
// built on the machines this project is developed on: the Go module proxy
// refuses its module and Debian does not package it. It lets the rest of the
// dev stack start and be checked; it has no UI, no API and no datasources.
//
// As a server (any name but `curl`) it:
//   - listens on :3000, or $GF_SERVER_HTTP_ADDR:$GF_SERVER_HTTP_PORT, and
//     serves HTTPS when GF_SERVER_PROTOCOL=https (or h2) with
//     GF_SERVER_CERT_FILE and GF_SERVER_CERT_KEY, like Grafana;
//   - answers GET /api/health with {"database":"ok","version":"stand-in",
//     "commit":"stand-in"}, GET /metrics (unauthenticated, as Grafana's is by
//     default) with metrics of its own, grafana_stand_in_info and
//     grafana_stand_in_requests_total (none of Grafana's series), and every
//     other request with 501 and a text saying what it is; each answer
//     carries the header X-Grafana-Stand-In: true;
//   - logs at start (stderr) that it is a stand-in, and the provisioning
//     files it finds under $GF_PATHS_PROVISIONING (default
//     /etc/grafana/provisioning) and the dashboards under
//     /etc/grafana/dashboards;
//   - refuses to start (exit 1) when the provisioning folder has no
//     datasources file, or when a GF_*__FILE variable (such as
//     GF_SECURITY_ADMIN_PASSWORD__FILE) names a file it cannot read, or is
//     set together with the variable it stands for (Grafana's run.sh
//     rejects that too).
//
// Invoked as `curl` (the image links /usr/bin/curl to this binary) it is a
// stand-in's curl, NOT the real curl: just enough of it for the stack's
// Docker health check over TLS,
//
//	curl -fsS -o /dev/null --cacert <ca.crt> https://localhost:3000/api/health
//
// It supports exactly -f, -s, -S (also combined, as -fsS), -o FILE,
// --cacert FILE and one http(s) URL, GET only. Exit status as curl's: 0 on
// success, 2 for an unknown option, 7 when it cannot connect, 22 for an HTTP
// status >= 400 with -f, 35 for another TLS handshake failure, 60 when the
// server's certificate does not verify against --cacert (or the system CAs).
//
// The standard library only, built static (CGO_ENABLED=0).
package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// standsInFor is the Grafana version of the image name, set at build time
// (-ldflags "-X main.standsInFor=12.0.2") from the stack's versions table.
var standsInFor = "unknown"

const (
	defaultProvisioning = "/etc/grafana/provisioning"
	dashboardsDir       = "/etc/grafana/dashboards"
	healthBody          = `{"database":"ok","version":"stand-in","commit":"stand-in"}`
)

func main() {
	if filepath.Base(os.Args[0]) == "curl" {
		os.Exit(curl(os.Args[1:]))
	}
	if len(os.Args) > 1 && (os.Args[1] == "--version" || os.Args[1] == "-v") {
		fmt.Printf("grafana-stand-in: a stand-in for Grafana %s (not Grafana)\n", standsInFor)
		return
	}
	if err := serve(); err != nil {
		logf("%v", err)
		os.Exit(1)
	}
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "grafana-stand-in: "+format+"\n", args...)
}

func notice() string {
	return fmt.Sprintf("This is a stand-in for Grafana %s, which cannot be built on this machine "+
		"(the Go module proxy refuses Grafana's module and Debian does not package it). "+
		"It answers /api/health and /metrics only; deploy the real image where it can be pulled.\n", standsInFor)
}

func serve() error {
	logf("THIS IS NOT GRAFANA: a stand-in for Grafana %s, which cannot be built on this machine", standsInFor)
	if err := checkFileVariables(); err != nil {
		return err
	}
	provisioning := os.Getenv("GF_PATHS_PROVISIONING")
	if provisioning == "" {
		provisioning = defaultProvisioning
	}
	files, err := listFiles(provisioning)
	if err != nil {
		return fmt.Errorf("cannot read the provisioning folder %s (GF_PATHS_PROVISIONING): %v", provisioning, err)
	}
	for _, f := range files {
		logf("provisioning file: %s", f)
	}
	if !hasDatasources(provisioning, files) {
		return fmt.Errorf("no datasources file under %s/datasources (*.yaml, *.yml or *.json): "+
			"Grafana would start without the stack's datasources; refusing to start", provisioning)
	}
	dashboards, err := listFiles(dashboardsDir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		logf("no dashboards folder %s", dashboardsDir)
	case err != nil:
		return fmt.Errorf("cannot read the dashboards folder %s: %v", dashboardsDir, err)
	default:
		logf("%d dashboard file(s) under %s", len(dashboards), dashboardsDir)
		for _, f := range dashboards {
			logf("dashboard: %s", f)
		}
	}

	// Grafana's run.sh only warns about an unwritable data folder; so does the stand-in.
	if data := envOr("GF_PATHS_DATA", "/var/lib/grafana"); !writable(data) {
		logf("warning: GF_PATHS_DATA='%s' is not writable (Grafana would fail to store its database there)", data)
	}

	port := envOr("GF_SERVER_HTTP_PORT", "3000")
	addr := net.JoinHostPort(os.Getenv("GF_SERVER_HTTP_ADDR"), port)
	server := &http.Server{
		Addr:              addr,
		Handler:           handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          log.New(os.Stderr, "grafana-stand-in: http: ", 0),
	}

	protocol := envOr("GF_SERVER_PROTOCOL", "http")
	var listen func() error
	switch protocol {
	case "http":
		listen = server.ListenAndServe
	case "https", "h2":
		cert, key := os.Getenv("GF_SERVER_CERT_FILE"), os.Getenv("GF_SERVER_CERT_KEY")
		if cert == "" || key == "" {
			return fmt.Errorf("GF_SERVER_PROTOCOL=%s needs GF_SERVER_CERT_FILE and GF_SERVER_CERT_KEY", protocol)
		}
		if _, err := tls.LoadX509KeyPair(cert, key); err != nil {
			return fmt.Errorf("cannot load the TLS certificate %s and key %s: %v", cert, key, err)
		}
		listen = func() error { return server.ListenAndServeTLS(cert, key) }
	default:
		return fmt.Errorf("GF_SERVER_PROTOCOL=%s is not supported by the stand-in (http, https or h2)", protocol)
	}

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
	go func() {
		sig := <-stop
		logf("%v: shutting down", sig)
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = server.Shutdown(ctx)
	}()

	logf("listening on %s (%s)", addr, protocol)
	if err := listen(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// writable says whether a file can be created in dir.
func writable(dir string) bool {
	f, err := os.CreateTemp(dir, ".stand-in-write-test-*")
	if err != nil {
		return false
	}
	name := f.Name()
	_ = f.Close()
	_ = os.Remove(name)
	return true
}

func envOr(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}

// checkFileVariables does what Grafana's run.sh does with GF_<X>__FILE:
// the file must be readable, and GF_<X> must not be set as well.
func checkFileVariables() error {
	var names []string
	for _, kv := range os.Environ() {
		name, value, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "GF_") && strings.HasSuffix(name, "__FILE") && value != "" {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	for _, name := range names {
		plain := strings.TrimSuffix(name, "__FILE")
		if os.Getenv(plain) != "" {
			return fmt.Errorf("both %s and %s are set (but are exclusive)", plain, name)
		}
		path := os.Getenv(name)
		if _, err := os.ReadFile(path); err != nil {
			return fmt.Errorf("%s names %s, which cannot be read: %v", name, path, err)
		}
		logf("%s: %s is readable", name, path)
	}
	return nil
}

// listFiles lists the regular files under root (following a symlinked
// root, as Kubernetes' mounted ConfigMaps are), sorted.
func listFiles(root string) ([]string, error) {
	if _, err := os.Stat(root); err != nil {
		return nil, err
	}
	var files []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		// Kubernetes ConfigMap mounts keep their data in ..<timestamp> folders.
		if d.IsDir() && strings.HasPrefix(d.Name(), "..") && path != root {
			return filepath.SkipDir
		}
		if info, statErr := os.Stat(path); statErr == nil && info.Mode().IsRegular() {
			files = append(files, path)
		}
		return nil
	})
	sort.Strings(files)
	return files, err
}

func hasDatasources(provisioning string, files []string) bool {
	dir := filepath.Join(provisioning, "datasources") + string(filepath.Separator)
	for _, f := range files {
		if !strings.HasPrefix(f, dir) {
			continue
		}
		switch strings.ToLower(filepath.Ext(f)) {
		case ".yaml", ".yml", ".json":
			return true
		}
	}
	return false
}

// requestCounts counts the requests the stand-in answered, by handler and
// status code, for its /metrics.
type requestCounts struct {
	mu     sync.Mutex
	counts map[[2]string]uint64
}

func (c *requestCounts) add(handler string, code int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.counts[[2]string{handler, strconv.Itoa(code)}]++
}

// exposition writes the stand-in's own metrics in the Prometheus text
// format. They are named grafana_stand_in_*, not after Grafana's metrics: a
// query or alert on Grafana's series finds nothing here, as it should.
func (c *requestCounts) exposition() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	keys := make([][2]string, 0, len(c.counts))
	for key := range c.counts {
		keys = append(keys, key)
	}
	sort.Slice(keys, func(i, j int) bool {
		return keys[i][0] < keys[j][0] || (keys[i][0] == keys[j][0] && keys[i][1] < keys[j][1])
	})
	var b strings.Builder
	b.WriteString("# HELP grafana_stand_in_info Always 1: this server is a stand-in for Grafana, not Grafana.\n")
	b.WriteString("# TYPE grafana_stand_in_info gauge\n")
	fmt.Fprintf(&b, "grafana_stand_in_info{stands_in_for=%q} 1\n", standsInFor)
	b.WriteString("# HELP grafana_stand_in_requests_total Requests the stand-in answered, by handler and status code.\n")
	b.WriteString("# TYPE grafana_stand_in_requests_total counter\n")
	for _, key := range keys {
		fmt.Fprintf(&b, "grafana_stand_in_requests_total{handler=%q,code=%q} %d\n", key[0], key[1], c.counts[key])
	}
	return b.String()
}

func handler() http.Handler {
	counts := &requestCounts{counts: map[[2]string]uint64{}}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Grafana-Stand-In", "true")
		read := r.Method == http.MethodGet || r.Method == http.MethodHead
		switch {
		case r.URL.Path == "/api/health" && read:
			counts.add("/api/health", http.StatusOK)
			w.Header().Set("Content-Type", "application/json; charset=UTF-8")
			w.Header().Set("Cache-Control", "no-store")
			w.WriteHeader(http.StatusOK)
			if r.Method == http.MethodGet {
				_, _ = io.WriteString(w, healthBody)
			}
		case r.URL.Path == "/metrics" && read:
			// Counted before writing, so a scrape sees itself, as Grafana's does.
			counts.add("/metrics", http.StatusOK)
			w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
			w.WriteHeader(http.StatusOK)
			if r.Method == http.MethodGet {
				_, _ = io.WriteString(w, counts.exposition())
			}
		default:
			counts.add("other", http.StatusNotImplemented)
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.WriteHeader(http.StatusNotImplemented)
			_, _ = io.WriteString(w, notice())
		}
	})
}

// curl is the stand-in's curl (see the package comment): not the real one.
func curl(args []string) int {
	var fail, silent, showErrors bool
	var output, cacert, target string
	for i := 0; i < len(args); i++ {
		arg := args[i]
		next := func() (string, bool) {
			if i+1 >= len(args) {
				return "", false
			}
			i++
			return args[i], true
		}
		switch {
		case arg == "--cacert" || arg == "-o":
			value, ok := next()
			if !ok {
				fmt.Fprintf(os.Stderr, "curl: option %s: requires parameter\n", arg)
				return 2
			}
			if arg == "-o" {
				output = value
			} else {
				cacert = value
			}
		case strings.HasPrefix(arg, "-") && !strings.HasPrefix(arg, "--") && len(arg) > 1:
			for j, c := range arg[1:] {
				switch c {
				case 'f':
					fail = true
				case 's':
					silent = true
				case 'S':
					showErrors = true
				case 'o':
					// -o as the last letter of a group (-fso FILE) or with its value attached (-oFILE).
					if rest := arg[2+j:]; rest != "" {
						output = rest
					} else if value, ok := next(); ok {
						output = value
					} else {
						fmt.Fprintln(os.Stderr, "curl: option -o: requires parameter")
						return 2
					}
				default:
					fmt.Fprintf(os.Stderr, "curl: option -%c: is unknown (this is the Grafana stand-in's curl, "+
						"which supports only -f -s -S -o FILE --cacert FILE URL)\n", c)
					return 2
				}
				if c == 'o' {
					break
				}
			}
		case strings.HasPrefix(arg, "-"):
			fmt.Fprintf(os.Stderr, "curl: option %s: is unknown (this is the Grafana stand-in's curl, "+
				"which supports only -f -s -S -o FILE --cacert FILE URL)\n", arg)
			return 2
		default:
			if target != "" {
				fmt.Fprintln(os.Stderr, "curl: the stand-in's curl takes one URL")
				return 2
			}
			target = arg
		}
	}
	report := func(code int, format string, a ...any) int {
		if !silent || showErrors {
			fmt.Fprintf(os.Stderr, "curl: (%d) %s\n", code, fmt.Sprintf(format, a...))
		}
		return code
	}
	if target == "" {
		return report(2, "no URL specified")
	}
	u, err := url.Parse(target)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return report(1, "Protocol not supported or URL malformed: %s", target)
	}

	tlsConfig := &tls.Config{MinVersion: tls.VersionTLS12}
	if cacert != "" {
		pem, err := os.ReadFile(cacert)
		if err != nil {
			return report(77, "error setting certificate file: %s", cacert)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return report(77, "error setting certificate file: %s (no PEM certificate)", cacert)
		}
		tlsConfig.RootCAs = pool
	}
	client := &http.Client{
		Timeout:   2 * time.Minute,
		Transport: &http.Transport{TLSClientConfig: tlsConfig, Proxy: http.ProxyFromEnvironment},
	}
	resp, err := client.Get(target)
	if err != nil {
		var unknownAuthority x509.UnknownAuthorityError
		var hostname x509.HostnameError
		var invalid x509.CertificateInvalidError
		var verification *tls.CertificateVerificationError
		var opErr *net.OpError
		switch {
		case errors.As(err, &unknownAuthority), errors.As(err, &hostname), errors.As(err, &invalid),
			errors.As(err, &verification):
			return report(60, "SSL certificate problem: %v", err)
		case errors.As(err, &opErr) && opErr.Op == "dial":
			return report(7, "Failed to connect: %v", err)
		case u.Scheme == "https":
			return report(35, "SSL connect error: %v", err)
		default:
			return report(56, "Failure when receiving data from the peer: %v", err)
		}
	}
	defer resp.Body.Close()
	if fail && resp.StatusCode >= 400 {
		return report(22, "The requested URL returned error: %d", resp.StatusCode)
	}
	var out io.Writer = os.Stdout
	if output != "" && output != "-" {
		f, err := os.Create(output)
		if err != nil {
			return report(23, "Failure writing output to destination: %v", err)
		}
		defer f.Close()
		out = f
	}
	if _, err := io.Copy(out, resp.Body); err != nil {
		return report(23, "Failure writing output to destination: %v", err)
	}
	return 0
}
